namespace NasDsl;

/// <summary>Names of well-known activation functions, recognised in (simplified) formulas of one variable.</summary>
public static class FormulaNames
{
    /// <summary>
    /// The common name of the function <paramref name="formula"/> computes, or null: <c>"identity"</c>,
    /// <c>"ReLU"</c> (max(x, 0), relu), <c>"leaky ReLU"</c>, <c>"hard swish"</c>, <c>"sigmoid"</c>,
    /// <c>"tanh"</c>, <c>"softplus"</c>, <c>"Gaussian"</c> (exp(−x²)), <c>"Swish (SiLU)"</c> (x·σ(x)),
    /// <c>"Swish (learnable β)"</c> (x·σ(βx)) or <c>"Mish"</c> (x·tanh(softplus(x))). The formula is
    /// simplified first and must use exactly one variable; products and max are matched in either order.
    /// </summary>
    public static string? Recognize(Formula formula)
    {
        ArgumentNullException.ThrowIfNull(formula);
        var f = formula.Simplify();
        var variables = new HashSet<string>();
        Collect(f, variables);
        if (variables.Count != 1) return null;
        var x = Formula.Var(variables.Single());

        if (f.Equals(x)) return "identity";
        if (Unary(f, x, KnownOps.Max0) || Unary(f, x, KnownOps.Relu) || Commutative(f, KnownOps.Max, x, Formula.Constant(0))) return "ReLU";
        if (Unary(f, x, KnownOps.LeakyRelu)) return "leaky ReLU";
        if (Unary(f, x, KnownOps.Hardswish)) return "hard swish";
        if (Unary(f, x, KnownOps.Sigmoid)) return "sigmoid";
        if (Unary(f, x, KnownOps.Tanh)) return "tanh";
        if (Unary(f, x, KnownOps.Softplus)) return "softplus";
        if (Unary(f, x, KnownOps.Gaussian)) return "Gaussian";
        if (IsSwish(f, x, x)) return "Swish (SiLU)";
        if (IsSwish(f, x, Like(KnownOps.BetaMul, x))) return "Swish (learnable β)";
        if (Commutative(f, KnownOps.Mul, x, Like(KnownOps.Tanh, Like(KnownOps.Softplus, x)))) return "Mish";
        return null;
    }

    /// <summary>x·σ(g), σ(g)·x or SigMul(g, x).</summary>
    private static bool IsSwish(Formula f, Formula x, Formula gate) =>
        Commutative(f, KnownOps.Mul, x, Like(KnownOps.Sigmoid, gate))
        || (f is OperationFormula { Name: KnownOps.SigMul, Operands: [var a, var b] } && Matches(a, gate) && Matches(b, x));

    private static bool Unary(Formula f, Formula x, string name) => f is OperationFormula { Operands: [var operand] } o && o.Name == name && operand.Equals(x);

    private static bool Commutative(Formula f, string name, Formula p, Formula q) =>
        f is OperationFormula { Operands: [var a, var b] } o && o.Name == name
        && ((Matches(a, p) && Matches(b, q)) || (Matches(a, q) && Matches(b, p)));

    /// <summary>A pattern node: matches an operation of that name (any symbol) over matching operands.</summary>
    private static Formula Like(string name, params Formula[] operands) => new OperationFormula(name, "", false, operands);

    private static bool Matches(Formula f, Formula pattern) => pattern switch
    {
        OperationFormula { Symbol: "" } p => f is OperationFormula o && o.Name == p.Name && o.Operands.Count == p.Operands.Count
            && o.Operands.Zip(p.Operands).All(pair => Matches(pair.First, pair.Second)),
        _ => f.Equals(pattern),
    };

    private static void Collect(Formula f, HashSet<string> variables)
    {
        if (f is VariableFormula v) variables.Add(v.Name);
        else if (f is OperationFormula o)
            foreach (var operand in o.Operands) Collect(operand, variables);
    }
}
