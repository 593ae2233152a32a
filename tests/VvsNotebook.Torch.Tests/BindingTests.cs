using VvsNotebook.Torch;
using VvsNotebook.Torch.Modules;
using F = VvsNotebook.Torch.torch.nn.functional;

namespace VvsNotebook.Torch.Tests;

public sealed class BindingTests : TorchTest
{
    [Fact]
    public void tensor_round_trips_data_shape_and_dtype()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        Assert.Equal([2L, 3L], t.shape);
        Assert.Equal(ScalarType.Float32, t.dtype);
        Assert.Equal([4f, 5f, 6f], t[1].data<float>());
        Assert.Equal([1f, 4f, 2f, 5f, 3f, 6f], t.transpose(0, 1).data<float>());
        Assert.Equal(21, t.sum().item());
        Assert.Equal([2L, 2L], t.argmax(1).data<long>());
    }

    [Fact]
    public void float16_and_bfloat16_round_exactly_as_ieee_and_bfloat_do()
    {
        using var scope = torch.NewDisposeScope();
        var t = torch.tensor(new float[] { 1.0f, 1.0009765625f, 3.14159265f, 65504f });
        Assert.Equal(ScalarType.Float16, t.half().dtype);
        Assert.Equal([1.0f, 1.0009765625f, 3.140625f, 65504f], t.half().data<float>());
        // bfloat16 keeps 8 mantissa bits: 1 + 2^-10 rounds to 1, pi to 3.140625.
        Assert.Equal([1.0f, 1.0f, 3.140625f, 65536f], t.bfloat16().data<float>());
        using var model = torch.nn.Linear(3, 2);
        model.to(ScalarType.BFloat16);
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.BFloat16, p.dtype));
        Assert.Equal(ScalarType.BFloat16, model.call(torch.ones([4, 3]).bfloat16()).dtype);
    }

    [Fact]
    public void native_errors_surface_as_exceptions_with_the_libtorch_message()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.ones([2, 3]);
        var b = torch.ones([4, 5]);
        var e = Assert.Throws<TorchException>(() => a.matmul(b));
        Assert.Contains("cannot be multiplied", e.Message);
        Assert.Throws<TorchException>(() => a.view(7));
        // The process survives and the next call works.
        Assert.Equal(6, a.sum().item());
    }

    [Fact]
    public void bad_shapes_dtypes_and_arguments_raise_clear_errors_before_native_code()
    {
        using var scope = torch.NewDisposeScope();
        using var conv = torch.nn.Conv2d(3, 8, 3);
        var e = Assert.Throws<ArgumentException>(() => conv.call(torch.ones([1, 1, 8, 8])));
        Assert.Contains("expects 3 input channels", e.Message);
        Assert.Contains("4-D input", Assert.Throws<ArgumentException>(() => conv.call(torch.ones([3, 8, 8]))).Message);
        var ce = Assert.Throws<ArgumentException>(() => F.cross_entropy(torch.ones([2, 3]), torch.ones([2])));
        Assert.Contains("int64 class indices", ce.Message);
        Assert.Throws<ArgumentException>(() => torch.tensor(new float[5], [2, 3]));
        Assert.Throws<ArgumentException>(() => torch.nn.Conv2d(3, 8, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => torch.nn.Dropout(1.5));
        Assert.Throws<ArgumentException>(() => torch.optim.SGD(torch.nn.Linear(2, 2).parameters(), 0.1, nesterov: true));
        var t = torch.ones([2]);
        t.Dispose();
        Assert.Throws<ObjectDisposedException>(() => t.sum());
    }

    [Fact]
    public void dispose_scope_disposes_everything_created_inside_except_what_moves_out()
    {
        Tensor kept, dropped;
        using (var outer = torch.NewDisposeScope())
        {
            using (torch.NewDisposeScope())
            {
                var a = torch.ones([3]);
                dropped = a + a;
                kept = (a * 2).MoveToOuterDisposeScope();
            }
            Assert.True(dropped.IsDisposed);
            Assert.False(kept.IsDisposed);
            Assert.Equal(6, kept.sum().item());
            Assert.True(outer.Count >= 2);
        }
        Assert.True(kept.IsDisposed);
    }

    [Fact]
    public void a_training_step_in_a_dispose_scope_leaves_no_tensor_alive()
    {
        using var model = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3), torch.nn.BatchNorm2d(4), torch.nn.ReLU(), torch.nn.Flatten(), torch.nn.Linear(4 * 6 * 6, 3));
        using var sgd = torch.optim.SGD(model.parameters(), 0.1, momentum: 0.9);
        var stats = DisposeScopeManager.Statistics;
        stats.Reset();
        using (torch.NewDisposeScope())
        {
            sgd.zero_grad();
            F.cross_entropy(model.call(torch.randn([8, 1, 8, 8])), torch.randint(0, 3, [8])).backward();
            sgd.step();
            _ = model.parameters().First().grad;
        }
        Assert.True(stats.Created >= 8, $"created {stats.Created}, disposed {stats.Disposed}");
        Assert.Equal(stats.Created, stats.Disposed);
    }

    [Fact]
    public void modules_name_parameters_like_pytorch_and_count_them()
    {
        using var model = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3), torch.nn.BatchNorm2d(4), torch.nn.ReLU(), torch.nn.Flatten(), torch.nn.Linear(4 * 6 * 6, 10));
        Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias", "4.weight", "4.bias"], model.named_parameters().Select(x => x.name));
        Assert.Equal(["1.running_mean", "1.running_var"], model.named_buffers().Select(x => x.name));
        Assert.Equal(4 * 9 + 4 + 8 + 144 * 10 + 10, model.parameter_count());
    }

    [Fact]
    public void forward_hooks_capture_named_layer_outputs_and_can_be_removed()
    {
        using var scope = torch.NewDisposeScope();
        using var model = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.ReLU(), torch.nn.Linear(5, 2));
        var captured = new List<long[]>();
        var relu = (Module<Tensor, Tensor>)model.named_modules().Single(m => m.name == "1").module;
        var handle = relu.register_forward_hook((_, _, output) => { captured.Add(output.shape); return null; });
        model.call(torch.ones([4, 3]));
        handle.Dispose();
        model.call(torch.ones([4, 3]));
        Assert.Single(captured);
        Assert.Equal([4L, 5L], captured[0]);
    }

    [Fact]
    public void sgd_with_momentum_nesterov_and_weight_decay_matches_the_update_rule()
    {
        // One parameter, loss = 0.5 * p^2 so grad = p. PyTorch's rule: g' = g + wd p; buf = m buf + g'; step = g' + m buf.
        using var scope = torch.NewDisposeScope();
        using var model = torch.nn.Linear(1, 1, bias: false);
        model.parameters().Single().copy_(torch.tensor(new float[] { 2f }, [1, 1]));
        using var sgd = torch.optim.SGD(model.parameters(), lr: 0.1, momentum: 0.9, weight_decay: 0.01, nesterov: true);
        double p = 2, buf = 0;
        for (var step = 0; step < 3; step++)
        {
            sgd.zero_grad();
            (model.parameters().Single().pow(2).sum() * 0.5).backward();
            sgd.step();
            var g = p + 0.01 * p;
            buf = step == 0 ? g : 0.9 * buf + g;
            p -= 0.1 * (g + 0.9 * buf);
            Assert.Equal(p, model.parameters().Single().item(), 5);
        }
    }

    [Fact]
    public void adamw_decouples_weight_decay_from_the_gradient()
    {
        // With zero gradient AdamW only shrinks: p <- p (1 - lr wd).
        using var scope = torch.NewDisposeScope();
        using var model = torch.nn.Linear(1, 1, bias: false);
        model.parameters().Single().copy_(torch.tensor(new float[] { 3f }, [1, 1]));
        using var adamw = torch.optim.AdamW(model.parameters(), lr: 0.1, weight_decay: 0.5);
        (model.parameters().Single() * 0.0).sum().backward();
        adamw.step();
        Assert.Equal(3 * (1 - 0.1 * 0.5), model.parameters().Single().item(), 5);
    }

    [Fact]
    public void cosine_schedule_warms_up_linearly_then_decays_to_the_minimum()
    {
        var s = new CosineWarmupSchedule(0.1, WarmupSteps: 5, TotalSteps: 105);
        Assert.Equal(0.02, s.LearningRateAt(0), 12);
        Assert.Equal(0.1, s.LearningRateAt(4), 12);
        Assert.Equal(0.1, s.LearningRateAt(5), 12);
        Assert.Equal(0.05, s.LearningRateAt(55), 12);
        Assert.Equal(0.0, s.LearningRateAt(105), 12);
    }

    [Fact]
    public void module_and_optimizer_state_round_trip_through_files()
    {
        var dir = Directory.CreateTempSubdirectory();
        try
        {
            using var scope = torch.NewDisposeScope();
            using var a = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.BatchNorm2d(2));
            a.call(torch.randn([2, 1, 5, 5]));
            a.save(Path.Combine(dir.FullName, "model.vvst"));
            torch.manual_seed(1);
            using var b = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.BatchNorm2d(2));
            b.load(Path.Combine(dir.FullName, "model.vvst"));
            foreach (var ((n1, t1), (n2, t2)) in a.state_dict().Zip(b.state_dict()))
                Assert.Equal(t1.data<float>(), t2.data<float>());

            using var wrong = torch.nn.Sequential(torch.nn.Conv2d(1, 3, 3), torch.nn.BatchNorm2d(3));
            Assert.Contains("shape", Assert.Throws<ArgumentException>(() => wrong.load(Path.Combine(dir.FullName, "model.vvst"))).Message);

            using var sgd = torch.optim.SGD(a.parameters(), 0.1, momentum: 0.9);
            a.call(torch.randn([2, 1, 5, 5])).sum().backward();
            sgd.step();
            sgd.save_state(Path.Combine(dir.FullName, "optim.pt"));
            using var sgd2 = torch.optim.SGD(b.parameters(), 0.1, momentum: 0.9);
            sgd2.load_state(Path.Combine(dir.FullName, "optim.pt"));
        }
        finally { dir.Delete(recursive: true); }
    }

    [Fact]
    public void same_seed_and_threads_give_bit_identical_training()
    {
        static float[] Train()
        {
            torch.manual_seed(42);
            using var scope = torch.NewDisposeScope();
            using var model = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 3), torch.nn.BatchNorm2d(4), torch.nn.ReLU(), torch.nn.Dropout(0.2), torch.nn.Flatten(), torch.nn.Linear(4 * 6 * 6, 3));
            using var sgd = torch.optim.SGD(model.parameters(), 0.1, momentum: 0.9);
            var x = torch.randn([8, 1, 8, 8]);
            var y = torch.randint(0, 3, [8]);
            for (var i = 0; i < 5; i++)
            {
                sgd.zero_grad();
                F.cross_entropy(model.call(x), y).backward();
                sgd.step();
            }
            return model.parameters().SelectMany(p => p.data<float>()).ToArray();
        }
        Assert.Equal(Train(), Train());
    }

    [Fact]
    public void rng_state_restores_the_random_stream()
    {
        using var scope = torch.NewDisposeScope();
        var state = torch.get_rng_state();
        var first = torch.rand([5]).data<float>();
        torch.set_rng_state(state);
        Assert.Equal(first, torch.rand([5]).data<float>());
    }
}
