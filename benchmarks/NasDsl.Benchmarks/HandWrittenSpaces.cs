using ActivationSearch;
using NasDsl.Operations;
using static TorchSharp.torch;

namespace NasDsl.Benchmarks;

/// <summary>A hand-written space's genotype: the choice of every scope, in scope order.</summary>
internal sealed record HandGenotype(int[] Choices);

/// <summary>
/// The notebook's networks written by hand against the runtime (NetworkBuilder, MixedOp), with the module that
/// a person would write: the same strategy the generated code uses, without the generator. Running both through
/// the same <see cref="Search.DartsSearch{TGenotype}"/> shows what the generated code costs on top.
/// </summary>
internal sealed class HandWrittenSpace(string name, (string Edge, OpTable Table)[] edges, Func<NetworkBuilder, Tensor, HandGenotype?, nn.Module<Tensor, Tensor>> build)
    : SearchSpaceDefinition<HandGenotype>
{
    public override string Name => name;

    public override CellDescription Graph { get; } = new(name, true, false, ["X"], "Out", ["X", .. edges.Select(e => e.Edge), "Out"],
        [.. edges.Select(e => new EdgeDescription(e.Edge, e.Edge, ["X"], EdgeKind.Mixed, e.Table.Name))]);

    public static HandWrittenSpace Simple() => new("HandSimple", [("Stage1", Activations.Table), ("Stage2", Activations.Table)], (b, image, g) =>
    {
        var stem = b.Fixed("Features", c => new LeNetStem(c), image);
        var features = b.Probe(stem, image);
        var stage1 = b.Unary("Stage1", Activations.Table, g?.Choices[0], features);
        var a1 = b.Probe(stage1, features);
        var stage2 = b.Unary("Stage2", Activations.Table, g?.Choices[1], a1);
        var a2 = b.Probe(stage2, a1);
        var classifier = b.Fixed("Logits", c => new Classifier(c), a2);
        return new SimpleNetwork(stem, stage1, stage2, classifier);
    });

    public static HandWrittenSpace Complex() => new("HandComplex", [("U1", IdentityOrZero.Table), ("U2", IdentityOrZero.Table), ("B1", MinOrMax.Table)], (b, image, g) =>
    {
        var stem = b.Fixed("Features", c => new LeNetStem(c), image);
        var x = b.Probe(stem, image);
        var u1 = b.Unary("U1", IdentityOrZero.Table, g?.Choices[0], x);
        var pu1 = b.Probe(u1, x);
        var u2 = b.Unary("U2", IdentityOrZero.Table, g?.Choices[1], x);
        var pu2 = b.Probe(u2, x);
        var b1 = b.Binary("B1", MinOrMax.Table, g?.Choices[2], pu1, pu2);
        var pb1 = b.Probe(b1, pu1, pu2);
        var classifier = b.Fixed("Logits", c => new Classifier(c), pb1);
        return new ComplexNetwork(stem, u1, u2, b1, classifier);
    });

    public static HandWrittenSpace Rnn() => new("HandRnn",
        [("U1", Unary.Table), ("U2", Unary.Table), ("U3", Unary.Table), ("B1", Binary.Table), ("U4", Unary.Table), ("B2", Binary.Table)], (b, image, g) =>
        {
            var stem = b.Fixed("Features", c => new LeNetStem(c), image);
            var x = b.Probe(stem, image);
            var u1 = b.Unary("U1", Unary.Table, g?.Choices[0], x);
            var pu1 = b.Probe(u1, x);
            var u2 = b.Unary("U2", Unary.Table, g?.Choices[1], x);
            var pu2 = b.Probe(u2, x);
            var u3 = b.Unary("U3", Unary.Table, g?.Choices[2], x);
            var pu3 = b.Probe(u3, x);
            var b1 = b.Binary("B1", Binary.Table, g?.Choices[3], pu1, pu2);
            var pb1 = b.Probe(b1, pu1, pu2);
            var u4 = b.Unary("U4", Unary.Table, g?.Choices[4], pb1);
            var pu4 = b.Probe(u4, pb1);
            var b2 = b.Binary("B2", Binary.Table, g?.Choices[5], pu3, pu4);
            var pb2 = b.Probe(b2, pu3, pu4);
            var classifier = b.Fixed("Logits", c => new Classifier(c), pb2);
            return new RnnNetwork(stem, u1, u2, u3, b1, u4, b2, classifier);
        });

    public override IReadOnlyList<(string Label, Formula Formula)> Formulas(HandGenotype genotype) =>
        [("", Formula.Var(string.Join(",", genotype.Choices)))];

    protected override nn.Module<Tensor, Tensor> BuildNetwork(NetworkBuilder builder, Tensor input, HandGenotype? genotype) => build(builder, input, genotype);

    protected override void DescribeScopes(ScopeCollector scopes)
    {
        foreach (var (edge, table) in edges) scopes.Mixed(name, edge, table);
    }

    protected override HandGenotype ReadGenotype(ScopeChoices choices) => new([.. edges.Select(e => choices.Get(e.Edge))]);

    protected override void WriteGenotype(HandGenotype genotype, ScopeChoices choices)
    {
        for (var i = 0; i < edges.Length; i++) choices.Set(edges[i].Edge, genotype.Choices[i]);
    }

    private sealed class SimpleNetwork : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> _stem, _stage1, _stage2, _classifier;

        public SimpleNetwork(nn.Module<Tensor, Tensor> stem, nn.Module<Tensor, Tensor> stage1, nn.Module<Tensor, Tensor> stage2, nn.Module<Tensor, Tensor> classifier) : base("HandSimple")
        {
            (_stem, _stage1, _stage2, _classifier) = (stem, stage1, stage2, classifier);
            RegisterComponents();
        }

        public override Tensor forward(Tensor image)
        {
            var x = _stem.forward(image);
            var a1 = _stage1.forward(x);
            var a2 = _stage2.forward(a1);
            return _classifier.forward(a2);
        }
    }

    private sealed class ComplexNetwork : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> _stem, _u1, _u2, _classifier;
        private readonly nn.Module<Tensor, Tensor, Tensor> _b1;

        public ComplexNetwork(nn.Module<Tensor, Tensor> stem, nn.Module<Tensor, Tensor> u1, nn.Module<Tensor, Tensor> u2, nn.Module<Tensor, Tensor, Tensor> b1, nn.Module<Tensor, Tensor> classifier) : base("HandComplex")
        {
            (_stem, _u1, _u2, _b1, _classifier) = (stem, u1, u2, b1, classifier);
            RegisterComponents();
        }

        public override Tensor forward(Tensor image)
        {
            var x = _stem.forward(image);
            var u1 = _u1.forward(x);
            var u2 = _u2.forward(x);
            var b1 = _b1.forward(u1, u2);
            return _classifier.forward(b1);
        }
    }

    private sealed class RnnNetwork : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> _stem, _u1, _u2, _u3, _u4, _classifier;
        private readonly nn.Module<Tensor, Tensor, Tensor> _b1, _b2;

        public RnnNetwork(nn.Module<Tensor, Tensor> stem, nn.Module<Tensor, Tensor> u1, nn.Module<Tensor, Tensor> u2, nn.Module<Tensor, Tensor> u3,
            nn.Module<Tensor, Tensor, Tensor> b1, nn.Module<Tensor, Tensor> u4, nn.Module<Tensor, Tensor, Tensor> b2, nn.Module<Tensor, Tensor> classifier) : base("HandRnn")
        {
            (_stem, _u1, _u2, _u3, _b1, _u4, _b2, _classifier) = (stem, u1, u2, u3, b1, u4, b2, classifier);
            RegisterComponents();
        }

        public override Tensor forward(Tensor image)
        {
            var x = _stem.forward(image);
            var u1 = _u1.forward(x);
            var u2 = _u2.forward(x);
            var u3 = _u3.forward(x);
            var b1 = _b1.forward(u1, u2);
            var u4 = _u4.forward(b1);
            var b2 = _b2.forward(u3, u4);
            return _classifier.forward(b2);
        }
    }
}
