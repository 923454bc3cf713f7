using System.Globalization;

namespace NasDsl;

/// <summary>
/// A symbolic expression of what a genotype computes, built by generated <c>Formula</c> methods and printed
/// with each operation's symbol.
/// </summary>
public abstract record Formula
{
    /// <summary>A variable, e.g. the cell input <c>x</c>.</summary>
    public static Formula Var(string name) => new VariableFormula(name);

    /// <summary>A chosen operation applied to its operands.</summary>
    public static Formula Apply(OpInfo op, params Formula[] operands) => new OperationFormula(op.Name, op.Symbol, op.IsZero, [.. operands]);

    /// <summary>A fixed module applied to its input, printed as <c>Name(input)</c>.</summary>
    public static Formula Call(string name, params Formula[] operands) =>
        new OperationFormula(name, name + "(" + string.Join(", ", operands.Select((_, i) => "{" + i.ToString(CultureInfo.InvariantCulture) + "}")) + ")", false, [.. operands]);

    /// <summary>The sum of several edges into one node.</summary>
    public static Formula Sum(params Formula[] terms) => terms.Length == 1
        ? terms[0]
        : new OperationFormula("Sum", string.Join(" + ", terms.Select((_, i) => "{" + i.ToString(CultureInfo.InvariantCulture) + "}")), false, [.. terms]);

    /// <summary>True when a searched operation appears anywhere in the expression.</summary>
    public abstract bool ContainsOperation { get; }
}

/// <summary>A named variable.</summary>
public sealed record VariableFormula(string Name) : Formula
{
    /// <inheritdoc />
    public override bool ContainsOperation => false;

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>An operation applied to operands; <see cref="Symbol"/> is a template over <c>{0}</c>, <c>{1}</c>….</summary>
public sealed record OperationFormula(string Name, string Symbol, bool IsZero, IReadOnlyList<Formula> Operands) : Formula
{
    /// <inheritdoc />
    public override bool ContainsOperation => true;

    /// <inheritdoc />
    public override string ToString()
    {
        var operands = Operands.Select(o => o is OperationFormula { Operands.Count: > 1 } inner && !inner.Symbol.StartsWith(inner.Name, StringComparison.OrdinalIgnoreCase) && NeedsParentheses(inner.Symbol)
            ? "(" + o + ")"
            : o.ToString()).ToArray<object>();
        return string.Format(CultureInfo.InvariantCulture, Symbol, operands);
    }

    private static bool NeedsParentheses(string symbol) => symbol.Contains(' ') || symbol.StartsWith('{');
}
