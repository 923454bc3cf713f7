using ActivationSearch;
using NasDsl.Operations;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasDsl.Benchmarks;

/// <summary>
/// The notebook's networks with every mixed edge written out by hand as Σ softmax(α)ᵢ·opᵢ(x) over all of the op
/// set's functions (zero included), the way one would write it without a compiler: the reference the generated
/// supernet is measured against.
/// </summary>
internal sealed class NaiveNetwork : nn.Module<Tensor, Tensor>
{
    private readonly LeNetStem _stem;
    private readonly Classifier _classifier;
    private readonly Func<Tensor, Tensor> _cell;
    private readonly List<Parameter> _alphas = [];

    private NaiveNetwork(string name, SpaceOptions options, Func<NaiveNetwork, Func<Tensor, Tensor>> cell) : base(name)
    {
        _stem = new LeNetStem(new PrimitiveContext(options.InputShape, options, "Features"));
        _classifier = new Classifier(new PrimitiveContext([_stem.OutputFeatures], options, "Logits"));
        register_module("stem", _stem);
        register_module("classifier", _classifier);
        _cell = cell(this);
        Weights = [.. _stem.parameters(), .. _classifier.parameters()];
    }

    public IReadOnlyList<Parameter> Alphas => _alphas;

    public IReadOnlyList<Parameter> Weights { get; }

    public static NaiveNetwork Simple(SpaceOptions options) => new("NaiveSimple", options, n =>
    {
        var stage1 = n.MixedUnary("stage1", Activations.Table);
        var stage2 = n.MixedUnary("stage2", Activations.Table);
        return x => stage2(stage1(x));
    });

    public static NaiveNetwork Complex(SpaceOptions options) => new("NaiveComplex", options, n =>
    {
        var u1 = n.MixedUnary("u1", IdentityOrZero.Table);
        var u2 = n.MixedUnary("u2", IdentityOrZero.Table);
        var b1 = n.MixedBinary("b1", MinOrMax.Table);
        return x => b1(u1(x), u2(x));
    });

    public static NaiveNetwork Rnn(SpaceOptions options) => new("NaiveRnn", options, n =>
    {
        var u1 = n.MixedUnary("u1", Operations.Unary.Table);
        var u2 = n.MixedUnary("u2", Operations.Unary.Table);
        var u3 = n.MixedUnary("u3", Operations.Unary.Table);
        var b1 = n.MixedBinary("b1", Operations.Binary.Table);
        var u4 = n.MixedUnary("u4", Operations.Unary.Table);
        var b2 = n.MixedBinary("b2", Operations.Binary.Table);
        return x => b2(u3(x), u4(b1(u1(x), u2(x))));
    });

    public override Tensor forward(Tensor input) => _classifier.forward(_cell(_stem.forward(input)));

    private Func<Tensor, Tensor> MixedUnary(string name, OpTable table)
    {
        var alpha = Alpha(name, table.Count);
        var ops = table.Ops.Select(o => o.Unary!).ToArray();
        return x =>
        {
            var w = alpha.softmax(0);
            var sum = w[0] * ops[0](x);
            for (var i = 1; i < ops.Length; i++) sum = sum + w[i] * ops[i](x);
            return sum;
        };
    }

    private Func<Tensor, Tensor, Tensor> MixedBinary(string name, OpTable table)
    {
        var alpha = Alpha(name, table.Count);
        var ops = table.Ops.Select(o => o.Binary!).ToArray();
        return (a, b) =>
        {
            var w = alpha.softmax(0);
            var sum = w[0] * ops[0](a, b);
            for (var i = 1; i < ops.Length; i++) sum = sum + w[i] * ops[i](a, b);
            return sum;
        };
    }

    private Parameter Alpha(string name, int count)
    {
        Parameter alpha;
        using (no_grad()) alpha = new Parameter(randn(count).mul_(1e-3));
        register_parameter(name, alpha);
        _alphas.Add(alpha);
        return alpha;
    }
}
