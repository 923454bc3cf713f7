using System.Globalization;

namespace NasDsl;

/// <summary>
/// A symbolic expression of what a genotype computes, built by generated <c>Formula</c> methods and printed
/// with each operation's symbol. <see cref="Simplify"/> removes what a discretised cell leaves behind (zero
/// edges, identities, double negations) and <see cref="KnownName"/> names well-known activations.
/// </summary>
public abstract record Formula
{
    /// <summary>A variable, e.g. the cell input <c>x</c>.</summary>
    public static Formula Var(string name) => new VariableFormula(name);

    /// <summary>A number, e.g. what a zero edge leaves.</summary>
    public static Formula Constant(double value) => new ConstantFormula(value);

    /// <summary>A chosen operation applied to its operands.</summary>
    public static Formula Apply(OpInfo op, params Formula[] operands) => new OperationFormula(op.Name, op.Symbol, op.IsZero, [.. operands])
    {
        Operation = op,
        Order = Interlocked.Increment(ref s_applied),
    };

    // Counts Apply calls: generated formulas apply operations in the order the discrete network builds its edges.
    private static long s_applied;

    /// <summary>A fixed module applied to its input, printed as <c>Name(input)</c>.</summary>
    public static Formula Call(string name, params Formula[] operands) =>
        new OperationFormula(name, name + "(" + string.Join(", ", operands.Select((_, i) => "{" + i.ToString(CultureInfo.InvariantCulture) + "}")) + ")", false, [.. operands]);

    /// <summary>The sum of several edges into one node.</summary>
    public static Formula Sum(params Formula[] terms) => terms.Length == 1
        ? terms[0]
        : new OperationFormula(KnownOps.Sum, SumSymbol(terms.Length), false, [.. terms]);

    /// <summary>True when a searched operation appears anywhere in the expression.</summary>
    public abstract bool ContainsOperation { get; }

    /// <summary>
    /// An equivalent, shorter formula: zero operations become 0 and drop out of sums and products
    /// (<c>x·0 → 0</c>, <c>0 + y → y</c>, <c>y - 0 → y</c>), identities give their operand, <c>-(-x) → x</c>,
    /// even functions ignore a negation (<c>|-x| → |x|</c>), and known operations of constants are evaluated
    /// (<c>exp(0) → 1</c>). Operations are recognised by their <see cref="OpInfo.Name"/> in
    /// <c>NasDsl.Operations</c>; other operations are kept as they are.
    /// </summary>
    public Formula Simplify() => FormulaSimplifier.Simplify(this);

    /// <summary>
    /// The common name of the activation this formula computes, e.g. <c>"ReLU"</c> for <c>max(x, 0)</c> or
    /// <c>"Swish (SiLU)"</c> for <c>x·σ(x)</c>, after <see cref="Simplify"/>; null when it is not a known one.
    /// </summary>
    public string? KnownName => FormulaNames.Recognize(this);

    internal static string SumSymbol(int terms) =>
        string.Join(" + ", Enumerable.Range(0, terms).Select(i => "{" + i.ToString(CultureInfo.InvariantCulture) + "}"));
}

/// <summary>A named variable.</summary>
public sealed record VariableFormula(string Name) : Formula
{
    /// <inheritdoc />
    public override bool ContainsOperation => false;

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>A number, printed with up to six significant digits.</summary>
public sealed record ConstantFormula(double Value) : Formula
{
    /// <inheritdoc />
    public override bool ContainsOperation => false;

    /// <inheritdoc />
    public override string ToString() => Value == 0 ? "0" : Value.ToString("G6", CultureInfo.InvariantCulture);
}

/// <summary>An operation applied to operands; <see cref="Symbol"/> is a template over <c>{0}</c>, <c>{1}</c>….
/// Equality is structural: same name, symbol and equal operands.</summary>
public sealed record OperationFormula(string Name, string Symbol, bool IsZero, IReadOnlyList<Formula> Operands) : Formula
{
    /// <summary>The searched operation this applies (with its export templates), or null for sums, fixed modules
    /// and the operations simplification creates. Not part of equality.</summary>
    public OpInfo? Operation { get; init; }

    /// <summary>When <see cref="Formula.Apply"/> built this node, relative to other nodes: generated formulas apply
    /// their operations in the order the discrete network builds its edges, which pairs a parametric operation with
    /// its module. 0 for nodes not built by Apply.</summary>
    internal long Order { get; init; }

    /// <inheritdoc />
    public override bool ContainsOperation => true;

    /// <inheritdoc />
    public bool Equals(OperationFormula? other) =>
        other is not null && Name == other.Name && Symbol == other.Symbol && IsZero == other.IsZero && Operands.SequenceEqual(other.Operands);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name);
        hash.Add(Symbol);
        hash.Add(IsZero);
        foreach (var operand in Operands) hash.Add(operand);
        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => FormulaPrinter.Print(this);
}
