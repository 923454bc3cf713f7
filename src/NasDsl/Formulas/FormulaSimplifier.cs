namespace NasDsl;

/// <summary>Bottom-up rewriting behind <see cref="Formula.Simplify"/>; every rule makes the formula smaller.</summary>
internal static class FormulaSimplifier
{
    public static Formula Simplify(Formula formula)
    {
        if (formula is not OperationFormula operation) return formula;
        var operands = operation.Operands.Select(Simplify).ToArray();
        return Rewrite(operation with { Operands = operands });
    }

    /// <summary>Rewrites one operation whose operands are already simplified.</summary>
    private static Formula Rewrite(OperationFormula f)
    {
        if (f.IsZero) return Formula.Constant(0);
        var ops = f.Operands;
        if (f.Name == KnownOps.Sum) return RewriteSum(ops);
        if (Fold(f) is { } folded) return folded;

        if (ops.Count == 1)
        {
            var x = ops[0];
            if (f.Name == KnownOps.Identity) return x;
            if (f.Name == KnownOps.Negate && IsOp(x, KnownOps.Negate, out var inner)) return inner[0];
            if (KnownOps.Even.Contains(f.Name) && IsOp(x, KnownOps.Negate, out var negated)) return Rewrite(f with { Operands = [negated[0]] });
            if (KnownOps.Idempotent.Contains(f.Name) && x is OperationFormula same && same.Name == f.Name && same.Symbol == f.Symbol) return x;
            return f;
        }

        if (ops.Count == 2)
        {
            var (a, b) = (ops[0], ops[1]);
            switch (f.Name)
            {
                case KnownOps.Add when IsConstant(a, 0): return b;
                case KnownOps.Add when IsConstant(b, 0): return a;
                case KnownOps.Sub when IsConstant(b, 0): return a;
                case KnownOps.Sub when IsConstant(a, 0): return Rewrite(new OperationFormula(KnownOps.Negate, KnownOps.NegateSymbol, false, [b]));
                case KnownOps.Sub when a.Equals(b): return Formula.Constant(0);
                case KnownOps.Mul when IsConstant(a, 0) || IsConstant(b, 0): return Formula.Constant(0);
                case KnownOps.Mul when IsConstant(a, 1): return b;
                case KnownOps.Mul when IsConstant(b, 1): return a;
                case KnownOps.SigMul when IsConstant(b, 0): return Formula.Constant(0);
                case KnownOps.Div when IsConstant(a, 0): return Formula.Constant(0);
                case KnownOps.Div when IsConstant(b, 1): return a;
                case KnownOps.Min or KnownOps.Max when a.Equals(b): return a;
            }
        }
        return f;
    }

    /// <summary>Drops zero terms and adds up the constant ones (placed last).</summary>
    private static Formula RewriteSum(IReadOnlyList<Formula> terms)
    {
        var kept = terms.Where(t => t is not ConstantFormula).ToList();
        var constant = terms.OfType<ConstantFormula>().Sum(c => c.Value);
        if (constant != 0 || kept.Count == 0) kept.Add(Formula.Constant(constant));
        return kept.Count == 1 ? kept[0] : new OperationFormula(KnownOps.Sum, Formula.SumSymbol(kept.Count), false, kept);
    }

    /// <summary>Evaluates a known operation whose operands are all constants, when the result is finite.</summary>
    private static ConstantFormula? Fold(OperationFormula f)
    {
        if (!f.Operands.All(o => o is ConstantFormula)) return null;
        var values = f.Operands.Cast<ConstantFormula>().Select(c => c.Value).ToArray();
        var result = values.Length switch
        {
            1 => KnownOps.Evaluate(f.Name, values[0]),
            2 => KnownOps.Evaluate(f.Name, values[0], values[1]),
            _ => null,
        };
        return result is { } value && double.IsFinite(value) ? new ConstantFormula(value) : null;
    }

    private static bool IsConstant(Formula formula, double value) => formula is ConstantFormula c && c.Value == value;

    private static bool IsOp(Formula formula, string name, out IReadOnlyList<Formula> operands)
    {
        operands = formula is OperationFormula o && o.Name == name ? o.Operands : [];
        return operands.Count > 0;
    }
}
