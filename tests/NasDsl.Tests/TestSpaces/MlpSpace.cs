using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasDsl.Tests.TestSpaces;

/// <summary>The genotype of <see cref="MlpSpace"/>: the activation's name.</summary>
public sealed record MlpGenotype(string Act);

/// <summary>
/// x → H = Linear(x) → Act = mixed unary(H) → Out = Linear(Act): one searchable activation between two linear
/// layers, written the way the generator would emit it.
/// </summary>
public sealed class MlpSpace(OpTable activations, int hidden = 16) : SearchSpaceDefinition<MlpGenotype>
{
    public OpTable Activations { get; } = activations;

    public override string Name => "Mlp";

    public override CellDescription Graph { get; } = new(
        "Mlp", true, false, ["X"], "Out", ["X", "H", "Act", "Out"],
        [
            new EdgeDescription("H", "H", ["X"], EdgeKind.Fixed, "Linear"),
            new EdgeDescription("Act", "Act", ["H"], EdgeKind.Mixed, activations.Name),
            new EdgeDescription("Out", "Out", ["Act"], EdgeKind.Fixed, "Linear"),
        ]);

    public override IReadOnlyList<(string Label, Formula Formula)> Formulas(MlpGenotype genotype) =>
        [("", Formula.Call("Out", Formula.Apply(Activations[Activations.IndexOf(genotype.Act)], Formula.Call("H", Formula.Var("x")))))];

    protected override nn.Module<Tensor, Tensor> BuildNetwork(NetworkBuilder builder, Tensor input, MlpGenotype? genotype)
    {
        var x = input.flatten(1);
        var h = builder.Fixed("H", c => nn.Linear(c.Features, hidden, device: c.Device), x);
        var hProbe = builder.Probe(h, x);
        var act = builder.Unary("Act", Activations, genotype is null ? null : Activations.IndexOf(genotype.Act), hProbe);
        var actProbe = builder.Probe(act, hProbe);
        var output = builder.Fixed("Out", c => nn.Linear(c.Features, c.Classes, device: c.Device), actProbe);
        return new MlpNetwork(h, act, output);
    }

    protected override void DescribeScopes(ScopeCollector scopes) => scopes.Mixed("Mlp", "Act", Activations);

    protected override MlpGenotype ReadGenotype(ScopeChoices choices) => new(Activations[choices.Get("Act")].Name);

    protected override void WriteGenotype(MlpGenotype genotype, ScopeChoices choices) => choices.Set("Act", Activations.IndexOf(genotype.Act));
}

/// <summary>The generated-style module of <see cref="MlpSpace"/>.</summary>
public sealed class MlpNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Linear _h;
    private readonly nn.Module<Tensor, Tensor> _act;
    private readonly Linear _out;

    public MlpNetwork(Linear h, nn.Module<Tensor, Tensor> act, Linear output) : base("Mlp")
    {
        _h = h;
        _act = act;
        _out = output;
        RegisterComponents();
    }

    public Linear H => _h;

    public Linear Out => _out;

    public override Tensor forward(Tensor input)
    {
        var x = input.flatten(1);
        var h = _h.forward(x);
        var act = _act.forward(h);
        return _out.forward(act);
    }
}
