namespace NasDsl.Generators.Tests.Infrastructure;

/// <summary>
/// The notebook's three search spaces (../shared/reference/naslib-activation-search-notebook.txt) written with the DSL,
/// each one self-contained source with its op sets inline, as a user would write it.
/// </summary>
public static class NotebookSources
{
    /// <summary>What every test source starts with. User code in these tests carries no XML docs (CS1591 off for this
    /// file only); the generated files are still compiled with documentation diagnostics on.</summary>
    public const string Prelude = """
        #pragma warning disable CS1591
        using NasDsl;
        using TorchSharp;
        using static TorchSharp.torch;

        """;

    /// <summary>The notebook's fixed edges: the LeNet convolutional stem and the linear classifier.</summary>
    public const string Modules = """

        public sealed class LeNetStem : nn.Module<Tensor, Tensor>
        {
            private readonly nn.Module<Tensor, Tensor> _body;

            public LeNetStem(PrimitiveContext context) : base(nameof(LeNetStem))
            {
                _body = nn.Sequential(nn.Conv2d(context.Channels, 6, 5), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.MaxPool2d(2), nn.Flatten());
                register_module("body", _body);
            }

            public override Tensor forward(Tensor x) => _body.forward(x);
        }

        public sealed class Classifier : nn.Module<Tensor, Tensor>
        {
            private readonly nn.Module<Tensor, Tensor> _linear;

            public Classifier(PrimitiveContext context) : base(nameof(Classifier))
            {
                _linear = nn.Linear(context.Features, context.Classes);
                register_module("linear", _linear);
            }

            public override Tensor forward(Tensor x) => _linear.forward(x);
        }
        """;

    /// <summary><c>SimpleSearchSpace</c>: stem, two activation cells (stages) with one mixed edge each, classifier.</summary>
    public const string Simple = Prelude + """
        namespace Notebook.Simple;

        [OpSet]
        public static partial class Activations
        {
            [UnaryPrimitive] public static Tensor Relu(Tensor x) => nn.functional.relu(x);
            [UnaryPrimitive] public static Tensor Hardswish(Tensor x) => nn.functional.hardswish(x);
            [UnaryPrimitive(Symbol = "leaky_relu({0})")] public static Tensor LeakyRelu(Tensor x) => nn.functional.leaky_relu(x);
            [UnaryPrimitive(Symbol = "{0}")] public static Tensor Identity(Tensor x) => x;
        }

        [Cell]
        public partial class ActivationCell
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), Ops = typeof(Activations))] public partial Node Y { get; }
        }

        [SearchSpace]
        public partial class SimpleSpace
        {
            [Input] public partial Node Image { get; }
            [Edge(nameof(Image), Op = typeof(LeNetStem))] public partial Node Features { get; }
            [Edge(nameof(Features))] public partial ActivationCell Stage1 { get; }
            [Edge(nameof(Stage1))] public partial ActivationCell Stage2 { get; }
            [Output, Edge(nameof(Stage2), Op = typeof(Classifier))] public partial Node Logits { get; }
        }
        """ + Modules;

    /// <summary><c>ComplexSearchSpace</c>: an activation cell of two unary cells over {Identity, Zero} feeding a binary
    /// cell over {Min, Max}.</summary>
    public const string Complex = Prelude + """
        namespace Notebook.Complex;

        [OpSet]
        public static partial class IdentityOrZero
        {
            [UnaryPrimitive(Symbol = "{0}")] public static Tensor Identity(Tensor x) => x;
            [UnaryPrimitive(Symbol = "0", IsZero = true)] public static Tensor Zero(Tensor x) => zeros_like(x);
        }

        [OpSet]
        public static partial class MinMax
        {
            [BinaryPrimitive] public static Tensor Min(Tensor a, Tensor b) => minimum(a, b);
            [BinaryPrimitive] public static Tensor Max(Tensor a, Tensor b) => maximum(a, b);
        }

        [Cell]
        public partial class UnaryCell
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), Ops = typeof(IdentityOrZero))] public partial Node Y { get; }
        }

        [Cell]
        public partial class BinaryCell
        {
            [Input] public partial Node A { get; }
            [Input] public partial Node B { get; }
            [Output, Edge(nameof(A), nameof(B), Ops = typeof(MinMax))] public partial Node Y { get; }
        }

        [Cell]
        public partial class ActivationCell
        {
            [Input] public partial Node X { get; }
            [Edge(nameof(X))] public partial UnaryCell U1 { get; }
            [Edge(nameof(X))] public partial UnaryCell U2 { get; }
            [Output, Edge(nameof(U1), nameof(U2))] public partial BinaryCell B1 { get; }
        }

        [SearchSpace]
        public partial class ComplexSpace
        {
            [Input] public partial Node Image { get; }
            [Edge(nameof(Image), Op = typeof(LeNetStem))] public partial Node Features { get; }
            [Edge(nameof(Features))] public partial ActivationCell Act { get; }
            [Output, Edge(nameof(Act), Op = typeof(Classifier))] public partial Node Logits { get; }
        }
        """ + Modules;

    /// <summary><c>RNNSearchSpace</c>: the notebook's 21 unary and 7 binary operations; an activation cell of four unary
    /// cells and two binary cells (u1, u2, u3 from x; b1 = b(u1, u2); u4 = u(b1); b2 = b(u3, u4)).</summary>
    public const string Rnn = Prelude + """
        namespace Notebook.Rnn;

        [OpSet]
        public static partial class Unary
        {
            [UnaryPrimitive(Symbol = "{0}")] public static Tensor Identity(Tensor x) => x;
            [UnaryPrimitive(Symbol = "0", IsZero = true)] public static Tensor Zero(Tensor x) => zeros_like(x);
            [UnaryPrimitive] public static Tensor Sign(Tensor x) => x.sign();
            [UnaryPrimitive(Symbol = "|{0}|")] public static Tensor Abs(Tensor x) => x.abs();
            [UnaryPrimitive(Symbol = "{0}^2")] public static Tensor Square(Tensor x) => x.square();
            [UnaryPrimitive(Symbol = "{0}^3")] public static Tensor Cube(Tensor x) => x.pow(3);
            [UnaryPrimitive] public static Tensor Exp(Tensor x) => x.exp();
            [UnaryPrimitive] public static Tensor Sin(Tensor x) => x.sin();
            [UnaryPrimitive] public static Tensor Cos(Tensor x) => x.cos();
            [UnaryPrimitive] public static Tensor Sinh(Tensor x) => x.sinh();
            [UnaryPrimitive] public static Tensor Cosh(Tensor x) => x.cosh();
            [UnaryPrimitive] public static Tensor Tanh(Tensor x) => x.tanh();
            [UnaryPrimitive] public static Tensor Asinh(Tensor x) => x.asinh();
            [UnaryPrimitive] public static Tensor Atan(Tensor x) => x.atan();
            [UnaryPrimitive] public static Tensor Sinc(Tensor x) => x.sinc();
            [UnaryPrimitive(Symbol = "max({0}, 0)")] public static Tensor Maximum0(Tensor x) => x.clamp_min(0);
            [UnaryPrimitive(Symbol = "min({0}, 0)")] public static Tensor Minimum0(Tensor x) => x.clamp_max(0);
            [UnaryPrimitive(Symbol = "σ({0})")] public static Tensor Sigmoid(Tensor x) => x.sigmoid();
            [UnaryPrimitive(Symbol = "log(1 + exp({0}))")] public static Tensor LogExp(Tensor x) => x.exp().log1p();
            [UnaryPrimitive(Symbol = "exp(-{0}^2)")] public static Tensor Exp2(Tensor x) => x.square().neg().exp();
            [UnaryPrimitive] public static Tensor Erf(Tensor x) => x.erf();
        }

        [OpSet]
        public static partial class Binary
        {
            [BinaryPrimitive(Symbol = "{0} + {1}")] public static Tensor Add(Tensor a, Tensor b) => a + b;
            [BinaryPrimitive(Symbol = "{0} - {1}")] public static Tensor Sub(Tensor a, Tensor b) => a - b;
            [BinaryPrimitive(Symbol = "{0} * {1}")] public static Tensor Mul(Tensor a, Tensor b) => a * b;
            [BinaryPrimitive(Symbol = "{0} / ({1} + ε)")] public static Tensor Div(Tensor a, Tensor b) => a / (b + 1e-10);
            [BinaryPrimitive] public static Tensor Min(Tensor a, Tensor b) => minimum(a, b);
            [BinaryPrimitive] public static Tensor Max(Tensor a, Tensor b) => maximum(a, b);
            [BinaryPrimitive(Symbol = "σ({0}) * {1}")] public static Tensor SigMul(Tensor a, Tensor b) => a.sigmoid() * b;
        }

        [Cell]
        public partial class UnaryCell
        {
            [Input] public partial Node X { get; }
            [Output, Edge(nameof(X), Ops = typeof(Unary))] public partial Node Y { get; }
        }

        [Cell]
        public partial class BinaryCell
        {
            [Input] public partial Node A { get; }
            [Input] public partial Node B { get; }
            [Output, Edge(nameof(A), nameof(B), Ops = typeof(Binary))] public partial Node Y { get; }
        }

        [Cell]
        public partial class ActivationCell
        {
            [Input] public partial Node X { get; }
            [Edge(nameof(X))] public partial UnaryCell U1 { get; }
            [Edge(nameof(X))] public partial UnaryCell U2 { get; }
            [Edge(nameof(X))] public partial UnaryCell U3 { get; }
            [Edge(nameof(U1), nameof(U2))] public partial BinaryCell B1 { get; }
            [Edge(nameof(B1))] public partial UnaryCell U4 { get; }
            [Output, Edge(nameof(U3), nameof(U4))] public partial BinaryCell B2 { get; }
        }

        [SearchSpace]
        public partial class RnnSpace
        {
            [Input] public partial Node Image { get; }
            [Edge(nameof(Image), Op = typeof(LeNetStem))] public partial Node Features { get; }
            [Edge(nameof(Features))] public partial ActivationCell Act { get; }
            [Output, Edge(nameof(Act), Op = typeof(Classifier))] public partial Node Logits { get; }
        }
        """ + Modules;

    /// <summary>Not from the notebook: the DSL features its spaces leave out, in one valid source — parametric unary
    /// and binary primitive classes in op sets, a primitive class and a two-input module as fixed edges, a DARTS node
    /// summing two edges, a cell that shares its weights, a cell nested in a class, and the global namespace.</summary>
    public const string Features = Prelude + """
        [OpSet]
        public static partial class Scalers
        {
            [UnaryPrimitive(Symbol = "{0} * beta")]
            public sealed class BetaMul : Primitive
            {
                private readonly TorchSharp.Modules.Parameter _beta;

                public BetaMul(PrimitiveContext context) : base(context)
                {
                    _beta = nn.Parameter(ones(context.PerChannelShape));
                    register_parameter("beta", _beta);
                }

                public override Tensor forward(Tensor x) => x * _beta;
            }

            [UnaryPrimitive(Symbol = "{0}")] public static Tensor Identity(Tensor x) => x;
        }

        [OpSet]
        public static partial class Mixers
        {
            [BinaryPrimitive(Symbol = "beta * {0} + (1 - beta) * {1}")]
            public sealed class BetaMix : BinaryPrimitive
            {
                private readonly TorchSharp.Modules.Parameter _beta;

                public BetaMix(PrimitiveContext context) : base(context)
                {
                    _beta = nn.Parameter(ones(context.PerChannelShape));
                    register_parameter("beta", _beta);
                }

                public override Tensor forward(Tensor a, Tensor b) => _beta * a + (1 - _beta) * b;
            }

            [BinaryPrimitive] public static Tensor Max(Tensor a, Tensor b) => maximum(a, b);
        }

        [UnaryPrimitive]
        public sealed class Shift : Primitive
        {
            public Shift(PrimitiveContext context) : base(context) { }

            public override Tensor forward(Tensor x) => x + 1;
        }

        public sealed class Average : nn.Module<Tensor, Tensor, Tensor>
        {
            public Average() : base(nameof(Average)) { }

            public override Tensor forward(Tensor a, Tensor b) => (a + b) / 2;
        }

        public static partial class Blocks
        {
            [Cell(ShareWeights = true)]
            public partial class DartsCell
            {
                [Input] public partial Node S0 { get; }
                [Input] public partial Node S1 { get; }
                [Edge(nameof(S0), Ops = typeof(Scalers)), Edge(nameof(S1), Ops = typeof(Scalers))] public partial Node N0 { get; }
                [Edge(nameof(S0), nameof(N0), Ops = typeof(Mixers))] public partial Node N1 { get; }
                [Output, Edge(nameof(N0), nameof(N1), Op = typeof(Average))] public partial Node Out { get; }
            }
        }

        [SearchSpace]
        public partial class FeatureSpace
        {
            [Input] public partial Node Image { get; }
            [Edge(nameof(Image), Op = typeof(Shift))] public partial Node Shifted { get; }
            [Edge(nameof(Image), nameof(Shifted))] public partial Blocks.DartsCell First { get; }
            [Output, Edge(nameof(First), nameof(Shifted))] public partial Blocks.DartsCell Second { get; }
        }
        """;

    /// <summary>The three spaces by name, for theories.</summary>
    public static string ByName(string name) => name switch
    {
        nameof(Simple) => Simple,
        nameof(Complex) => Complex,
        nameof(Rnn) => Rnn,
        nameof(Features) => Features,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
