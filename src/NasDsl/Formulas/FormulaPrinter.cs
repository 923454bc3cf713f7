using System.Globalization;

namespace NasDsl;

/// <summary>
/// Fills symbol templates, adding parentheses only where an operand's own operator binds more loosely than
/// the place it goes: <c>(x + y)^2</c>, <c>x·(y + z)</c>, <c>-(-x)</c>, but <c>sin(x + y)</c> and <c>x·y + z</c>.
/// </summary>
internal static class FormulaPrinter
{
    /// <summary>How tightly a printed formula holds together, loosest last.</summary>
    [Flags]
    private enum Shape
    {
        None = 0,
        Atom = 1,      // x, 2, sin(x), |x|, max(x, 0)
        Power = 2,     // x^2
        Negation = 4,  // -x, -2
        Product = 8,   // x·y, x / y
        Sum = 16,      // x + y, x - y
        Any = Atom | Power | Negation | Product | Sum,
    }

    public static string Print(OperationFormula formula)
    {
        var operands = new object[formula.Operands.Count];
        for (var i = 0; i < operands.Length; i++)
        {
            var operand = formula.Operands[i];
            var text = operand.ToString();
            operands[i] = (ShapeOf(operand) & Allowed(formula.Symbol, i)) == 0 ? "(" + text + ")" : text;
        }
        return string.Format(CultureInfo.InvariantCulture, formula.Symbol, operands);
    }

    /// <summary>
    /// Prints <paramref name="formula"/> in another notation (LaTeX): each operation's <paramref name="template"/> is
    /// filled instead of its symbol, and <paramref name="parenthesize"/> wraps an operand where the symbol needs
    /// parentheses, so a notation whose templates have the symbols' operator structure gets them in the same places.
    /// Placeholders are replaced literally: other braces in a template stay.
    /// </summary>
    public static string Print(Formula formula, Func<OperationFormula, string> template, Func<string, string> parenthesize)
    {
        if (formula is not OperationFormula operation) return formula.ToString()!;
        var printed = new string[operation.Operands.Count];
        for (var i = 0; i < printed.Length; i++)
        {
            var operand = operation.Operands[i];
            printed[i] = Print(operand, template, parenthesize);
            if ((ShapeOf(operand) & Allowed(operation.Symbol, i)) == 0) printed[i] = parenthesize(printed[i]);
        }
        return FillPlaceholders(template(operation), printed);
    }

    /// <summary>Replaces <c>{0}</c>, <c>{1}</c>… by the operands in one pass (an operand's own braces stay as they are),
    /// leaving other braces, e.g. LaTeX's <c>^{2}</c>, alone.</summary>
    public static string FillPlaceholders(string template, IReadOnlyList<string> operands) =>
        System.Text.RegularExpressions.Regex.Replace(template, @"\{(\d)\}", m =>
        {
            var index = m.Groups[1].Value[0] - '0';
            return index < operands.Count ? operands[index] : m.Value;
        });

    private static Shape ShapeOf(Formula formula) => formula switch
    {
        ConstantFormula constant => constant.Value < 0 ? Shape.Negation : Shape.Atom,
        OperationFormula { Symbol: "{0}", Operands.Count: 1 } identity => ShapeOf(identity.Operands[0]),
        OperationFormula operation => ShapeOfSymbol(operation.Symbol),
        _ => Shape.Atom,
    };

    /// <summary>The loosest operator outside parentheses and bars decides.</summary>
    private static Shape ShapeOfSymbol(string symbol)
    {
        bool sum = false, product = false, power = false;
        var depth = 0;
        var inBars = false;
        for (var i = 0; i < symbol.Length; i++)
        {
            var c = symbol[i];
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == '|') inBars = !inBars;
            if (depth != 0 || inBars) continue;
            if (At(symbol, i, " + ") || At(symbol, i, " - ")) sum = true;
            else if (c == '·' || At(symbol, i, " / ")) product = true;
            else if (c == '^') power = true;
        }
        if (sum) return Shape.Sum;
        if (product) return Shape.Product;
        if (symbol.StartsWith('-')) return Shape.Negation;
        return power ? Shape.Power : Shape.Atom;
    }

    /// <summary>The shapes operand <paramref name="index"/> may have without parentheses, from its neighbours.</summary>
    private static Shape Allowed(string symbol, int index)
    {
        var placeholder = "{" + index.ToString(CultureInfo.InvariantCulture) + "}";
        var at = symbol.IndexOf(placeholder, StringComparison.Ordinal);
        if (at < 0) return Shape.Any;
        var before = symbol[..at];
        var after = symbol[(at + placeholder.Length)..];

        Shape left;
        if (before.Length == 0 || before.EndsWith('(') || before.EndsWith('|') || before.EndsWith(", ", StringComparison.Ordinal)) left = Shape.Any;
        else if (before.EndsWith(" - ", StringComparison.Ordinal)) left = Shape.Atom | Shape.Power | Shape.Product;
        else if (before.EndsWith(" + ", StringComparison.Ordinal)) left = Shape.Any;
        else if (before.EndsWith(" / ", StringComparison.Ordinal)) left = Shape.Atom | Shape.Power;
        else if (before.EndsWith('·')) left = Shape.Atom | Shape.Power | Shape.Product;
        else if (before.EndsWith('-')) left = Shape.Atom | Shape.Power;
        else left = Shape.Atom;

        Shape right;
        if (after.StartsWith('^')) right = Shape.Atom;
        else if (after.Length == 0 || after.StartsWith(')') || after.StartsWith('|') || after.StartsWith(',')) right = Shape.Any;
        else if (after.StartsWith(" + ", StringComparison.Ordinal) || after.StartsWith(" - ", StringComparison.Ordinal)) right = Shape.Any;
        else if (after.StartsWith('·') || after.StartsWith(" / ", StringComparison.Ordinal)) right = Shape.Atom | Shape.Power | Shape.Product;
        else right = Shape.Atom;

        return left & right;
    }

    private static bool At(string text, int index, string token) => string.CompareOrdinal(text, index, token, 0, token.Length) == 0;
}
