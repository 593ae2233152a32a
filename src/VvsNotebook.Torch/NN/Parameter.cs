namespace VvsNotebook.Torch.Modules;

/// <summary>A trainable tensor owned by a module: requires grad and lives outside every dispose scope.</summary>
public sealed class Parameter : Tensor
{
    /// <summary>Copies the handle of <paramref name="data"/> (detached); the caller still owns <paramref name="data"/>.</summary>
    public Parameter(Tensor data, bool requires_grad = true) : base(TakeDetached(data))
    {
        DetachFromDisposeScope();
        this.requires_grad = requires_grad;
    }

    private static IntPtr TakeDetached(Tensor data)
    {
        using var detached = data.detach();
        var h = PInvoke.NativeMethods.vvs_tensor_alias(detached.Live);
        if (h == IntPtr.Zero) torch.CheckForErrors();
        return h;
    }
}
