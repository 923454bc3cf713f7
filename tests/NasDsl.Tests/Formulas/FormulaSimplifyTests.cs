using Xunit;
using static NasDsl.Tests.Formulas.F;

namespace NasDsl.Tests.Formulas;

public class FormulaSimplifyTests
{
    public static TheoryData<Formula, string> Cases => new()
    {
        // The rules the search leaves work for.
        { U("Negate", U("Negate", X)), "x" },
        { U("Negate", U("Negate", U("Negate", X))), "-x" },
        { U("Identity", X), "x" },
        { A("Identity", U("Sin", U("Identity", X))), "sin(x)" },
        { B("Mul", X, Zero(X)), "0" },
        { B("Mul", Zero(X), U("Sin", X)), "0" },
        { B("Add", Zero(X), U("Sin", X)), "sin(x)" },
        { B("Add", U("Sin", X), Zero(X)), "sin(x)" },
        { B("Sub", U("Cos", X), Zero(X)), "cos(x)" },
        { B("Sub", Zero(X), U("Cos", X)), "-cos(x)" },
        { B("Sub", Zero(X), U("Negate", X)), "x" },
        { B("Sub", U("Sin", X), U("Sin", X)), "0" },
        { B("SigMul", U("Sin", X), Zero(X)), "0" },
        { B("Div", Zero(X), X), "0" },
        // What the Rnn space found on Fashion-MNIST: max(x, 0) / sinc(x - x).
        { B("Div", U("Max0", X), U("Sinc", B("Sub", X, X))), "max(x, 0)" },
        { B("Max", U("Abs", X), U("Abs", X)), "|x|" },
        { Formula.Sum(U("Sin", X), Zero(X)), "sin(x)" },
        { Formula.Sum(Zero(X), Zero(Y)), "0" },
        { Formula.Sum(U("Sin", X), Zero(X), U("Cos", Y)), "sin(x) + cos(y)" },
        // Constants that zero edges leave behind are evaluated.
        { U("Exp", Zero(X)), "1" },
        { B("Mul", U("Exp", Zero(X)), U("Sin", X)), "sin(x)" },
        { B("Add", X, U("Sigmoid", Zero(X))), "x + 0.5" },
        { Formula.Sum(U("Cos", Zero(X)), U("Cosh", Zero(X)), X), "x + 2" },
        { U("Softplus", Zero(X)), "0.693147" },
        { U("Erf", Zero(X)), "0" },
        { U("Erf", U("Exp", Zero(X))), "erf(1)" },
        // Even functions ignore a negation, idempotent ones a repeat.
        { U("Abs", U("Negate", X)), "|x|" },
        { U("Square", U("Negate", U("Sin", X))), "sin(x)^2" },
        { U("Gaussian", U("Negate", X)), "exp(-x^2)" },
        { E("Log", U("Negate", X)), "log(|x|)" },
        { U("Max0", U("Max0", X)), "max(x, 0)" },
        { U("Abs", U("Abs", U("Negate", X))), "|x|" },
        // Left alone.
        { U("Negate", U("Sin", X)), "-sin(x)" },
        { B("Mul", X, Y), "x·y" },
        { U("Sin", U("Negate", X)), "sin(-x)" },
        { Formula.Call("LeNetStem", X), "LeNetStem(x)" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Simplifies(Formula formula, string expected) => Assert.Equal(expected, formula.Simplify().ToString());

    [Theory]
    [MemberData(nameof(Cases))]
    public void SimplifyingTwiceChangesNothing(Formula formula, string expected)
    {
        _ = expected;
        var once = formula.Simplify();
        Assert.Equal(once, once.Simplify());
    }

    [Fact]
    public void SimplifyReturnsANewFormulaAndLeavesTheOriginal()
    {
        var formula = B("Add", U("Identity", X), Zero(Y));
        var before = formula.ToString();
        var simplified = formula.Simplify();
        Assert.Equal("x", simplified.ToString());
        Assert.Equal(before, formula.ToString());
        Assert.Equal("x + 0", before);
    }

    [Fact]
    public void ZeroIsRecognisedByIsZeroNotByName()
    {
        var zero = Formula.Apply(new OpInfo("Nothing", 1, "nothing({0})", IsZero: true), X);
        var notZero = Formula.Apply(new OpInfo("Zero", 1, "zero({0})", IsZero: false), X);
        Assert.Equal("x", B("Add", zero, X).Simplify().ToString());
        Assert.Equal("x + zero(x)", B("Add", X, notZero).Simplify().ToString());
    }

    [Fact]
    public void OverflowingConstantsAreNotFolded()
    {
        var huge = U("Exp", U("Exp", U("Exp", U("Exp", U("Exp", Formula.Constant(10))))));
        Assert.StartsWith("exp(", huge.Simplify().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void OperationsCompareStructurally()
    {
        Assert.Equal(U("Sin", B("Add", X, Y)), U("Sin", B("Add", Formula.Var("x"), Formula.Var("y"))));
        Assert.Equal(U("Sin", B("Add", X, Y)).GetHashCode(), U("Sin", B("Add", Formula.Var("x"), Formula.Var("y"))).GetHashCode());
        Assert.NotEqual(U("Sin", X), U("Cos", X));
        Assert.NotEqual(B("Sub", X, Y), B("Sub", Y, X));
    }
}
