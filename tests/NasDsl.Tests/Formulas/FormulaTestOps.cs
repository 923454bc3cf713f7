using NasDsl.Operations;
using NasDsl.Tests.Operations;

namespace NasDsl.Tests.Formulas;

/// <summary>Builds formulas from the real op sets' names and symbols, as generated code will.</summary>
internal static class F
{
    public static readonly Formula X = Formula.Var("x");
    public static readonly Formula Y = Formula.Var("y");

    public static Formula U(string name, Formula x) => Formula.Apply(OpSetMembers.Op(typeof(Unary), name), x);

    public static Formula B(string name, Formula a, Formula b) => Formula.Apply(OpSetMembers.Op(typeof(Binary), name), a, b);

    public static Formula A(string name, Formula x) => Formula.Apply(OpSetMembers.Op(typeof(Activations), name), x);

    public static Formula E(string name, Formula x) => Formula.Apply(OpSetMembers.Op(typeof(Extended), name), x);

    public static Formula Zero(Formula x) => U("Zero", x);
}
