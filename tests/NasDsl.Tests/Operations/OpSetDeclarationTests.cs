using NasDsl.Operations;
using Xunit;

namespace NasDsl.Tests.Operations;

public class OpSetDeclarationTests
{
    [Fact]
    public void UnaryHasTheNotebooksOperationsInOrderWithTheirSymbols()
    {
        var expected = new (string Name, string Symbol)[]
        {
            ("Identity", "{0}"), ("Zero", "0"), ("Negate", "-{0}"), ("Abs", "|{0}|"), ("Square", "{0}^2"), ("Cube", "{0}^3"),
            ("Exp", "exp({0})"), ("Sin", "sin({0})"), ("Cos", "cos({0})"), ("Sinh", "sinh({0})"), ("Cosh", "cosh({0})"),
            ("Tanh", "tanh({0})"), ("Asinh", "asinh({0})"), ("Atan", "atan({0})"), ("Sinc", "sinc({0})"), ("Max0", "max({0}, 0)"),
            ("Min0", "min({0}, 0)"), ("Sigmoid", "σ({0})"), ("Softplus", "log(1 + exp({0}))"), ("Gaussian", "exp(-{0}^2)"), ("Erf", "erf({0})"),
        };
        var ops = OpSetMembers.Of(typeof(Unary));
        Assert.Equal(expected, ops.Select(o => (o.Name, o.Symbol)).ToArray());
        Assert.All(ops, o => Assert.Equal(1, o.Arity));
        Assert.Equal(["Zero"], ops.Where(o => o.IsZero).Select(o => o.Name));
    }

    [Fact]
    public void BinaryHasSevenOperationsInOrderWithTheirSymbols()
    {
        var expected = new (string Name, string Symbol)[]
        {
            ("Add", "{0} + {1}"), ("Sub", "{0} - {1}"), ("Mul", "{0}·{1}"), ("Div", "{0} / {1}"),
            ("Min", "min({0}, {1})"), ("Max", "max({0}, {1})"), ("SigMul", "σ({0})·{1}"),
        };
        var ops = OpSetMembers.Of(typeof(Binary));
        Assert.Equal(expected, ops.Select(o => (o.Name, o.Symbol)).ToArray());
        Assert.All(ops, o => Assert.Equal(2, o.Arity));
        Assert.DoesNotContain(ops, o => o.IsZero);
    }

    [Fact]
    public void ActivationsIsTheSimpleSpace()
    {
        Assert.Equal(["Relu", "Hardswish", "LeakyRelu", "Identity"], OpSetMembers.Of(typeof(Activations)).Select(o => o.Name));
    }

    [Fact]
    public void ExtendedSetsHoldTheCommentedOutOperations()
    {
        Assert.Equal(
            [("Sqrt", "sqrt({0})"), ("Log", "log(|{0}|)"), ("Acosh", "acosh(1 + {0}^2)"), ("BetaMul", "{0}·β"), ("BetaAdd", "{0} + β"), ("Beta", "β")],
            OpSetMembers.Of(typeof(Extended)).Select(o => (o.Name, o.Symbol)));
        Assert.Equal(
            [("ExpBetaSquaredDistance", "exp(-β·({0} - {1})^2)"), ("ExpBetaAbsDistance", "exp(-β·|{0} - {1}|)"), ("BetaMix", "β·{0} + (1 - β)·{1}")],
            OpSetMembers.Of(typeof(ExtendedBinary)).Select(o => (o.Name, o.Symbol)));
    }

    [Theory]
    [InlineData(typeof(Extended.BetaMul), typeof(Primitive))]
    [InlineData(typeof(Extended.BetaAdd), typeof(Primitive))]
    [InlineData(typeof(Extended.Beta), typeof(Primitive))]
    [InlineData(typeof(ExtendedBinary.ExpBetaSquaredDistance), typeof(BinaryPrimitive))]
    [InlineData(typeof(ExtendedBinary.ExpBetaAbsDistance), typeof(BinaryPrimitive))]
    [InlineData(typeof(ExtendedBinary.BetaMix), typeof(BinaryPrimitive))]
    public void ParametricPrimitivesDeriveFromTheirBaseAndTakeAContext(Type primitive, Type baseType)
    {
        Assert.True(baseType.IsAssignableFrom(primitive));
        Assert.NotNull(primitive.GetConstructor([typeof(PrimitiveContext)]));
    }

    [Theory]
    [InlineData(typeof(Unary))]
    [InlineData(typeof(Binary))]
    [InlineData(typeof(Extended))]
    [InlineData(typeof(ExtendedBinary))]
    [InlineData(typeof(Activations))]
    public void OpSetsAreStaticPartialClassesMarkedOpSet(Type opSet)
    {
        Assert.True(opSet.IsAbstract && opSet.IsSealed, "static");
        Assert.NotNull(opSet.GetCustomAttributes(typeof(OpSetAttribute), false).SingleOrDefault());
        // Op and Table are the names the generator adds to the class.
        Assert.DoesNotContain(OpSetMembers.Of(opSet), o => o.Name is "Op" or "Table");
    }
}
