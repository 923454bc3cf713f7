using TorchSharp;
using static TorchSharp.torch;

namespace NasDsl.Tests.TestSpaces;

/// <summary>Unary operations for hand-written test spaces, as a generated op table would hold them.</summary>
public static class TestOps
{
    public static OpInfo Identity { get; } = new("Identity", 1, "{0}", false) { Unary = x => x.alias() };
    public static OpInfo Sin { get; } = new("Sin", 1, "sin({0})", false) { Unary = x => x.sin() };
    public static OpInfo Tanh { get; } = new("Tanh", 1, "tanh({0})", false) { Unary = x => x.tanh() };
    public static OpInfo Relu { get; } = new("Relu", 1, "relu({0})", false) { Unary = x => x.relu() };
    public static OpInfo Square { get; } = new("Square", 1, "{0}²", false) { Unary = x => x.square() };
    public static OpInfo Swish { get; } = new("Swish", 1, "{0}·σ({0})", false) { Unary = x => x.mul(x.sigmoid()) };
    public static OpInfo Zero { get; } = new("Zero", 1, "0", true) { Unary = x => zeros_like(x) };

    public static OpInfo Add { get; } = new("Add", 2, "{0} + {1}", false) { Binary = (a, b) => a.add(b) };
    public static OpInfo Mul { get; } = new("Mul", 2, "{0}·{1}", false) { Binary = (a, b) => a.mul(b) };
    public static OpInfo Max { get; } = new("Max", 2, "max({0}, {1})", false) { Binary = (a, b) => a.maximum(b) };

    /// <summary>An operation that returns NaN while <paramref name="poisoned"/> holds true, else its input.</summary>
    public static OpInfo Poison(Func<bool> poisoned) =>
        new("Poison", 1, "poison({0})", false) { Unary = x => poisoned() ? x.mul(float.NaN) : x.alias() };

    public static OpTable Unary(params OpInfo[] ops) => new("Unary", 1, ops);

    public static OpTable Binary(params OpInfo[] ops) => new("Binary", 2, ops);
}
