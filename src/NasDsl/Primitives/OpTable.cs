using static TorchSharp.torch;

namespace NasDsl;

/// <summary>One operation of an op set, as the generator recorded it.</summary>
/// <param name="Name">The member name, e.g. <c>Sin</c>.</param>
/// <param name="Arity">1 for unary, 2 for binary.</param>
/// <param name="Symbol">Formula template with <c>{0}</c>/<c>{1}</c> for the operands.</param>
/// <param name="IsZero">The operation always returns zeros.</param>
public sealed record OpInfo(string Name, int Arity, string Symbol, bool IsZero)
{
    /// <summary>A stateless unary operation, called directly by mixed operations (no module overhead).</summary>
    public Func<Tensor, Tensor>? Unary { get; init; }

    /// <summary>A stateless binary operation.</summary>
    public Func<Tensor, Tensor, Tensor>? Binary { get; init; }

    /// <summary>The declared value-and-derivative kernel of a stateless unary operation, if any.</summary>
    public UnaryDerivativeKernel? UnaryDerivative { get; init; }

    /// <summary>The declared value-and-partials kernel of a stateless binary operation, if any.</summary>
    public BinaryDerivativeKernel? BinaryDerivative { get; init; }

    /// <summary>True when the operation declares its derivative (a fused mixed edge can compute it).</summary>
    public bool HasDerivative => UnaryDerivative is not null || BinaryDerivative is not null;

    /// <summary>Creates a module for a primitive with state (set for primitive classes).</summary>
    public Func<PrimitiveContext, nn.Module>? Factory { get; init; }

    /// <summary>True when the operation learns weights of its own.</summary>
    public bool IsParametric => Factory is not null;

    /// <summary>The Python (torch) expression template of the operation, as its attribute declares it, or null.</summary>
    public string? PyTorch { get; init; }

    /// <summary>The C# (TorchSharp) expression template of the operation, as its attribute declares it, or null.</summary>
    public string? TorchSharp { get; init; }

    /// <summary>The LaTeX template of the operation, as its attribute declares it, or null.</summary>
    public string? Latex { get; init; }

    /// <summary>The name of the op set the operation belongs to, e.g. <c>Unary</c>; set by <see cref="OpTable"/>.</summary>
    public string OpSet { get; internal set; } = "";

    /// <summary>Fills the symbol template with operand texts.</summary>
    public string Format(params string[] operands) => string.Format(System.Globalization.CultureInfo.InvariantCulture, Symbol, operands);

    /// <summary>Builds a one-input module computing this operation.</summary>
    public nn.Module<Tensor, Tensor> CreateUnary(PrimitiveContext context) => Arity != 1
        ? throw new InvalidOperationException($"Operation '{Name}' takes {Arity} inputs, not 1.")
        : Factory is not null ? (nn.Module<Tensor, Tensor>)Factory(context) : new UnaryFunction(Name, Unary!);

    /// <summary>Builds a two-input module computing this operation.</summary>
    public nn.Module<Tensor, Tensor, Tensor> CreateBinary(PrimitiveContext context) => Arity != 2
        ? throw new InvalidOperationException($"Operation '{Name}' takes {Arity} inputs, not 2.")
        : Factory is not null ? (nn.Module<Tensor, Tensor, Tensor>)Factory(context) : new BinaryFunction(Name, Binary!);
}

/// <summary>The operations of one <see cref="OpSetAttribute"/> class, in declaration order.</summary>
public sealed class OpTable
{
    private readonly OpInfo[] _ops;

    /// <summary>Creates a table; the generator emits one per op set.</summary>
    public OpTable(string name, int arity, params OpInfo[] ops)
    {
        Name = name;
        Arity = arity;
        _ops = ops;
        foreach (var op in ops) op.OpSet = name;
    }

    /// <summary>The op set's name, e.g. <c>Unary</c>.</summary>
    public string Name { get; }

    /// <summary>Inputs every operation takes.</summary>
    public int Arity { get; }

    /// <summary>The operations, in declaration order.</summary>
    public IReadOnlyList<OpInfo> Ops => _ops;

    /// <summary>The number of operations.</summary>
    public int Count => _ops.Length;

    /// <summary>The operation at <paramref name="index"/>.</summary>
    public OpInfo this[int index] => _ops[index];

    /// <summary>The index of the operation named <paramref name="name"/> (ordinal, case-insensitive), or -1.</summary>
    public int IndexOf(string name) => Array.FindIndex(_ops, o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Count} ops)";
}

/// <summary>A stateless unary operation as a module, for discrete networks.</summary>
internal sealed class UnaryFunction(string name, Func<Tensor, Tensor> function) : nn.Module<Tensor, Tensor>(name)
{
    public override Tensor forward(Tensor input) => function(input);
}

/// <summary>A stateless binary operation as a module, for discrete networks.</summary>
internal sealed class BinaryFunction(string name, Func<Tensor, Tensor, Tensor> function) : nn.Module<Tensor, Tensor, Tensor>(name)
{
    public override Tensor forward(Tensor a, Tensor b) => function(a, b);
}
