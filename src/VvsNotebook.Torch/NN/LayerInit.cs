namespace VvsNotebook.Torch.Modules;

/// <summary>PyTorch's default <c>reset_parameters</c> of Conv and Linear layers.</summary>
internal static class LayerInit
{
    /// <summary>Weight ~ kaiming_uniform(a=sqrt 5), bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)).</summary>
    public static (Parameter Weight, Parameter? Bias) WeightAndBias(long[] weightShape, long fanIn, bool bias)
    {
        Parameter weight;
        using (var w = torch.zeros(weightShape)) weight = new Parameter(w);
        torch.nn.init.kaiming_uniform_(weight, Math.Sqrt(5));
        if (!bias) return (weight, null);
        Parameter b;
        using (var zeros = torch.zeros([weightShape[0]])) b = new Parameter(zeros);
        var bound = 1 / Math.Sqrt(fanIn);
        torch.nn.init.uniform_(b, -bound, bound);
        return (weight, b);
    }
}
