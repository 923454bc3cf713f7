using NasDsl.Operations;
using NasDsl.Tests.Operations;
using Xunit;
using static NasDsl.Tests.Formulas.F;

namespace NasDsl.Tests.Formulas;

public class FormulaNamesTests
{
    private static Formula BetaMul(Formula x) => Formula.Apply(OpSetMembers.Op(typeof(Extended), "BetaMul"), x);

    public static TheoryData<Formula, string> Known => new()
    {
        { U("Max0", X), "ReLU" },
        { A("Relu", X), "ReLU" },
        { B("Max", X, Zero(X)), "ReLU" },
        { B("Max", Zero(Y), X), "ReLU" },
        { U("Identity", U("Max0", U("Identity", X))), "ReLU" },
        { B("Add", U("Max0", X), Zero(X)), "ReLU" },
        { B("Mul", X, U("Sigmoid", X)), "Swish (SiLU)" },
        { B("Mul", U("Sigmoid", X), X), "Swish (SiLU)" },
        { B("SigMul", X, X), "Swish (SiLU)" },
        { B("SigMul", U("Negate", U("Negate", X)), U("Identity", X)), "Swish (SiLU)" },
        { B("SigMul", BetaMul(X), X), "Swish (learnable β)" },
        { B("Mul", X, U("Sigmoid", BetaMul(X))), "Swish (learnable β)" },
        { B("Mul", U("Tanh", U("Softplus", X)), X), "Mish" },
        { U("Sigmoid", X), "sigmoid" },
        { U("Tanh", X), "tanh" },
        { U("Softplus", X), "softplus" },
        { U("Gaussian", X), "Gaussian" },
        { U("Gaussian", U("Negate", X)), "Gaussian" },
        { A("LeakyRelu", X), "leaky ReLU" },
        { A("Hardswish", X), "hard swish" },
        { A("Identity", X), "identity" },
        { Formula.Var("z"), "identity" },
    };

    public static TheoryData<Formula> Unknown => new()
    {
        U("Sin", X),
        U("Min0", X),
        B("Max", X, Formula.Constant(1)),
        B("Mul", X, U("Sigmoid", Y)),
        B("Mul", Y, U("Sigmoid", X)),
        B("SigMul", X, U("Sin", X)),
        U("Max0", U("Sin", X)),
        Zero(X),
        Formula.Call("LeNetStem", X),
    };

    [Theory]
    [MemberData(nameof(Known))]
    public void RecognisesKnownActivations(Formula formula, string name)
    {
        Assert.Equal(name, FormulaNames.Recognize(formula));
        Assert.Equal(name, formula.KnownName);
    }

    [Theory]
    [MemberData(nameof(Unknown))]
    public void NamesNothingElse(Formula formula) => Assert.Null(formula.KnownName);
}
