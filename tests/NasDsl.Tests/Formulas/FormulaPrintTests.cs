using NasDsl.Tests.Operations;
using Xunit;
using static NasDsl.Tests.Formulas.F;

namespace NasDsl.Tests.Formulas;

public class FormulaPrintTests
{
    public static TheoryData<Formula, string> Cases => new()
    {
        { U("Sin", X), "sin(x)" },
        { U("Sin", B("Add", X, Y)), "sin(x + y)" },
        { U("Square", B("Add", X, Y)), "(x + y)^2" },
        { U("Square", U("Negate", X)), "(-x)^2" },
        { U("Square", U("Sin", X)), "sin(x)^2" },
        { U("Cube", U("Square", X)), "(x^2)^3" },
        { U("Negate", U("Square", X)), "-x^2" },
        { U("Negate", U("Negate", X)), "-(-x)" },
        { U("Negate", B("Mul", X, Y)), "-(x·y)" },
        { U("Negate", B("Sub", X, Y)), "-(x - y)" },
        { B("Mul", B("Add", X, Y), U("Cos", X)), "(x + y)·cos(x)" },
        { B("Mul", B("Mul", X, Y), X), "x·y·x" },
        { B("Mul", X, U("Negate", Y)), "x·(-y)" },
        { B("Add", B("Mul", X, Y), U("Negate", Y)), "x·y + -y" },
        { B("Sub", X, B("Add", X, Y)), "x - (x + y)" },
        { B("Sub", X, B("Mul", X, Y)), "x - x·y" },
        { B("Sub", B("Sub", X, Y), X), "x - y - x" },
        { B("Div", B("Mul", X, Y), B("Mul", X, Y)), "x·y / (x·y)" },
        { B("Div", X, U("Square", Y)), "x / y^2" },
        { B("SigMul", B("Add", X, Y), B("Add", X, Y)), "σ(x + y)·(x + y)" },
        { B("Max", B("Add", X, Y), X), "max(x + y, x)" },
        { U("Abs", B("Sub", X, Y)), "|x - y|" },
        { U("Gaussian", B("Add", X, Y)), "exp(-(x + y)^2)" },
        { U("Gaussian", X), "exp(-x^2)" },
        { U("Identity", B("Add", X, Y)), "x + y" },
        { U("Square", U("Identity", B("Add", X, Y))), "(x + y)^2" },
        { U("Square", Formula.Constant(-2)), "(-2)^2" },
        { Formula.Sum(B("Add", X, Y), B("Sub", X, Y)), "x + y + x - y" },
        { E("Sqrt", B("Add", X, Y)), "sqrt(x + y)" },
        { Formula.Apply(OpSetMembers.Op(typeof(NasDsl.Operations.Extended), "BetaMul"), B("Add", X, Y)), "(x + y)·β" },
        { Formula.Call("Classifier", Formula.Call("LeNetStem", X)), "Classifier(LeNetStem(x))" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void PrintsWithTheParenthesesItNeeds(Formula formula, string expected) => Assert.Equal(expected, formula.ToString());

    [Fact]
    public void ConstantsUseTheInvariantCulture()
    {
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("fi-FI");
            Assert.Equal("-0.5", Formula.Constant(-0.5).ToString());
            Assert.Equal("0", Formula.Constant(-0.0).ToString());
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }
}
