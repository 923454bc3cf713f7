using TorchSharp;
using static TorchSharp.torch;

namespace NasDsl;

/// <summary>
/// Base of a one-input primitive with learnable state (e.g. a per-channel beta). The constructor receives a
/// <see cref="PrimitiveContext"/> that tells the shape of the input the primitive will see.
/// </summary>
public abstract class Primitive : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the primitive, named after the scope path of its edge (dots as underscores).</summary>
    protected Primitive(PrimitiveContext context) : base(context.ModuleName)
    {
        Context = context;
    }

    /// <summary>Where this primitive sits and what it receives.</summary>
    public PrimitiveContext Context { get; }
}

/// <summary>
/// Base of a two-input primitive with learnable state (e.g. <c>exp(-beta·(a-b)²)</c>).
/// </summary>
public abstract class BinaryPrimitive : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Creates the primitive, named after the scope path of its edge (dots as underscores).</summary>
    protected BinaryPrimitive(PrimitiveContext context) : base(context.ModuleName)
    {
        Context = context;
    }

    /// <summary>Where this primitive sits and what it receives.</summary>
    public PrimitiveContext Context { get; }
}
