namespace NasDsl;

/// <summary>
/// Names (and symbols) of the operations in <c>NasDsl.Operations</c> that simplification and naming
/// understand. A test checks each against the op sets, so a rename there cannot silently break this.
/// </summary>
internal static class KnownOps
{
    public const string Sum = "Sum";

    // Unary (and Activations.Identity).
    public const string Identity = "Identity";
    public const string Negate = "Negate";
    public const string Abs = "Abs";
    public const string Square = "Square";
    public const string Cube = "Cube";
    public const string Exp = "Exp";
    public const string Sin = "Sin";
    public const string Cos = "Cos";
    public const string Sinh = "Sinh";
    public const string Cosh = "Cosh";
    public const string Tanh = "Tanh";
    public const string Asinh = "Asinh";
    public const string Atan = "Atan";
    public const string Sinc = "Sinc";
    public const string Max0 = "Max0";
    public const string Min0 = "Min0";
    public const string Sigmoid = "Sigmoid";
    public const string Softplus = "Softplus";
    public const string Gaussian = "Gaussian";
    public const string Erf = "Erf";

    // Binary.
    public const string Add = "Add";
    public const string Sub = "Sub";
    public const string Mul = "Mul";
    public const string Div = "Div";
    public const string Min = "Min";
    public const string Max = "Max";
    public const string SigMul = "SigMul";

    // Activations.
    public const string Relu = "Relu";
    public const string LeakyRelu = "LeakyRelu";
    public const string Hardswish = "Hardswish";

    // Extended.
    public const string Log = "Log";
    public const string Acosh = "Acosh";
    public const string BetaMul = "BetaMul";

    /// <summary>The symbol <c>Unary.Negate</c> prints with, for negations that simplification creates.</summary>
    public const string NegateSymbol = "-{0}";

    /// <summary>Unary operations with f(−x) = f(x).</summary>
    public static readonly HashSet<string> Even = [Abs, Square, Cos, Cosh, Gaussian, Log, Acosh];

    /// <summary>Unary operations with f(f(x)) = f(x).</summary>
    public static readonly HashSet<string> Idempotent = [Abs, Max0, Min0, Relu];

    /// <summary>Values of unary operations at constants, for folding; null where not worth evaluating.</summary>
    public static double? Evaluate(string name, double x) => name switch
    {
        Identity => x,
        Negate => -x,
        Abs => Math.Abs(x),
        Square => x * x,
        Cube => x * x * x,
        Exp => Math.Exp(x),
        Sin => Math.Sin(x),
        Cos => Math.Cos(x),
        Sinh => Math.Sinh(x),
        Cosh => Math.Cosh(x),
        Tanh => Math.Tanh(x),
        Asinh => Math.Asinh(x),
        Atan => Math.Atan(x),
        Sinc => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x),
        Max0 or Relu => Math.Max(x, 0),
        Min0 => Math.Min(x, 0),
        Sigmoid => 1 / (1 + Math.Exp(-x)),
        Softplus => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x))),
        Gaussian => Math.Exp(-x * x),
        Erf => x == 0 ? 0 : null,
        LeakyRelu => x >= 0 ? x : 0.01 * x,
        Hardswish => x * Math.Clamp(x + 3, 0, 6) / 6,
        _ => null,
    };

    /// <summary>Values of binary operations at constants, for folding; null where unknown.</summary>
    public static double? Evaluate(string name, double a, double b) => name switch
    {
        Add => a + b,
        Sub => a - b,
        Mul => a * b,
        Div => a / (b + 1e-10),
        Min => Math.Min(a, b),
        Max => Math.Max(a, b),
        SigMul => b / (1 + Math.Exp(-a)),
        _ => null,
    };
}
