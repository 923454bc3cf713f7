using static TorchSharp.torch;

namespace NasDsl.Operations;

/// <summary>
/// Keeps the unbounded operations of the op sets finite in float32 when a search feeds them unnormalised
/// inputs. On by default.
/// </summary>
/// <remarks>
/// <para>
/// Mixed edges compose <c>exp</c>, <c>sinh</c>, <c>cosh</c>, powers, products and quotients, so one large
/// activation grows through a cell until it overflows float32 (≈3.4e38) and the loss turns into NaN; on random
/// 3×32×32 inputs the notebook's largest space did so after a few dozen steps. With the guard active, every
/// guarded operation returns values of magnitude at most <see cref="OutputLimit"/> = e^5 ≈ 148, so even
/// the product of two guarded outputs (≈2.4e17) stays far from overflow:
/// </para>
/// <list type="bullet">
/// <item><c>Unary.Exp</c>: input clamped to at most <see cref="ExponentLimit"/> (5); below, exp is small anyway.</item>
/// <item><c>Unary.Sinh</c>, <c>Unary.Cosh</c>: input clamped to [-5, 5].</item>
/// <item><c>Unary.Square</c>: input clamped to ±<see cref="SquareInputLimit"/> (e^2.5 ≈ 12.2).</item>
/// <item><c>Unary.Cube</c>: input clamped to ±<see cref="CubeInputLimit"/> (e^(5/3) ≈ 5.3).</item>
/// <item><c>Binary.Mul</c>: output clamped to ±<see cref="OutputLimit"/>.</item>
/// <item><c>Binary.Div</c>: numerator clamped to ±<see cref="OutputLimit"/>, the denominator <c>b + 1e-10</c>
/// kept at least 1e-10 away from zero (sign preserved, +1e-10 at zero), output clamped to ±<see cref="OutputLimit"/>.</item>
/// <item><c>ExtendedBinary.ExpBetaSquaredDistance</c>, <c>ExpBetaAbsDistance</c>: the distance clamped as for
/// Square (or to <see cref="OutputLimit"/>) and the exponent to at most 5, since a learned β may turn negative.</item>
/// </list>
/// <para>
/// Inside those ranges a guarded operation returns exactly what the unguarded one does. Outside them it
/// saturates: the clamped elements pass no gradient through that operation (like a saturated hard tanh), while
/// the operation's architecture weight still learns through the softmax. Bounded or slowly growing operations
/// (sin, tanh, σ, erf, asinh, softplus, the Gaussian, |x|, max/min, sums) are left alone.
/// </para>
/// <para>
/// Turn the guard off for the whole process with <see cref="Enabled"/>, or for one block of code (and the
/// tasks it starts) with <see cref="Override"/>, which leaves other threads untouched.
/// </para>
/// </remarks>
public static class OperationGuard
{
    /// <summary>The largest exponent a guarded exponential receives: 5, so results stay below e^5 ≈ 148. Measured on the Rnn space with Fashion-MNIST: with 20 the supernet's loss sat near 3e5 (every exploding candidate saturates at the bound and the mixture carries it), with 10 near 700, with 5 near 4, a loss the search can learn from.</summary>
    public const double ExponentLimit = 5;

    /// <summary>The largest magnitude a guarded operation returns: e^5 ≈ 148.</summary>
    public static readonly double OutputLimit = Math.Exp(ExponentLimit);

    /// <summary>The input bound of the guarded square: √<see cref="OutputLimit"/> = e^2.5 ≈ 12.2.</summary>
    public static readonly double SquareInputLimit = Math.Exp(ExponentLimit / 2);

    /// <summary>The input bound of the guarded cube: ∛<see cref="OutputLimit"/> = e^(5/3) ≈ 5.3.</summary>
    public static readonly double CubeInputLimit = Math.Exp(ExponentLimit / 3);

    /// <summary>The smallest magnitude of a guarded division's denominator (the notebook's epsilon).</summary>
    public const double DivisionEpsilon = 1e-10;

    private static volatile bool s_enabled = true;
    private static readonly AsyncLocal<bool?> s_override = new();

    /// <summary>Whether the guard applies in this process (default true). <see cref="Override"/> takes precedence.</summary>
    public static bool Enabled
    {
        get => s_enabled;
        set => s_enabled = value;
    }

    /// <summary>Whether guarded operations clamp right now, on this thread or async flow.</summary>
    public static bool IsActive => s_override.Value ?? s_enabled;

    /// <summary>
    /// Turns the guard on or off for the current thread or async flow until the returned scope is disposed,
    /// e.g. <c>using (OperationGuard.Override(false)) { ... }</c>. Scopes nest.
    /// </summary>
    public static IDisposable Override(bool enabled)
    {
        var scope = new OverrideScope(s_override.Value);
        s_override.Value = enabled;
        return scope;
    }

    /// <summary>Clamps the input of an exponential from above, when active.</summary>
    internal static Tensor ExponentInput(Tensor x) => IsActive ? x.clamp_max(ExponentLimit) : x;

    /// <summary>Clamps the input of sinh or cosh to [-5, 5], when active.</summary>
    internal static Tensor HyperbolicInput(Tensor x) => IsActive ? x.clamp(-ExponentLimit, ExponentLimit) : x;

    /// <summary>Clamps the input of a square, when active.</summary>
    internal static Tensor SquareInput(Tensor x) => IsActive ? x.clamp(-SquareInputLimit, SquareInputLimit) : x;

    /// <summary>Clamps the input of a cube, when active.</summary>
    internal static Tensor CubeInput(Tensor x) => IsActive ? x.clamp(-CubeInputLimit, CubeInputLimit) : x;

    /// <summary>Clamps a result to ±<see cref="OutputLimit"/>, when active.</summary>
    internal static Tensor Output(Tensor x) => IsActive ? x.clamp(-OutputLimit, OutputLimit) : x;

    /// <summary>
    /// <c>a / (b + 1e-10)</c>. When active, the denominator's magnitude is raised to at least 1e-10 (so a zero
    /// denominator, e.g. b = -1e-10, cannot give inf or a NaN gradient) and numerator and result are clamped.
    /// </summary>
    internal static Tensor Divide(Tensor a, Tensor b)
    {
        var denominator = b + DivisionEpsilon;
        if (!IsActive) return a / denominator;
        var safe = denominator.abs().clamp_min(DivisionEpsilon).copysign(denominator);
        return (a.clamp(-OutputLimit, OutputLimit) / safe).clamp(-OutputLimit, OutputLimit);
    }

    private sealed class OverrideScope(bool? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            s_override.Value = previous;
        }
    }
}
