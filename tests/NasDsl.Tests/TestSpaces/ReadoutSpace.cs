using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasDsl.Tests.TestSpaces;

/// <summary>
/// x → Act = mixed unary(x) → Out = Linear(Act): one searchable activation applied to the inputs themselves, read
/// out by a linear layer. Without a learnt layer before the activation the student cannot rescale or shift its
/// inputs, so operations that differ only by such a change (tanh and σ, sin and cos) are told apart.
/// </summary>
public sealed class ReadoutSpace(OpTable activations) : SearchSpaceDefinition<MlpGenotype>
{
    public OpTable Activations { get; } = activations;

    public override string Name => "Readout";

    public override CellDescription Graph { get; } = new(
        "Readout", true, false, ["X"], "Out", ["X", "Act", "Out"],
        [
            new EdgeDescription("Act", "Act", ["X"], EdgeKind.Mixed, activations.Name),
            new EdgeDescription("Out", "Out", ["Act"], EdgeKind.Fixed, "Linear"),
        ]);

    public override IReadOnlyList<(string Label, Formula Formula)> Formulas(MlpGenotype genotype) =>
        [("", Formula.Call("Out", Formula.Apply(Activations[Activations.IndexOf(genotype.Act)], Formula.Var("x"))))];

    protected override nn.Module<Tensor, Tensor> BuildNetwork(NetworkBuilder builder, Tensor input, MlpGenotype? genotype)
    {
        var x = input.flatten(1);
        var act = builder.Unary("Act", Activations, genotype is null ? null : Activations.IndexOf(genotype.Act), x);
        var actProbe = builder.Probe(act, x);
        var output = builder.Fixed("Out", c => nn.Linear(c.Features, c.Classes, device: c.Device), actProbe);
        return new ReadoutNetwork(act, output);
    }

    protected override void DescribeScopes(ScopeCollector scopes) => scopes.Mixed("Readout", "Act", Activations);

    protected override MlpGenotype ReadGenotype(ScopeChoices choices) => new(Activations[choices.Get("Act")].Name);

    protected override void WriteGenotype(MlpGenotype genotype, ScopeChoices choices) => choices.Set("Act", Activations.IndexOf(genotype.Act));
}

/// <summary>The generated-style module of <see cref="ReadoutSpace"/>.</summary>
public sealed class ReadoutNetwork : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _act;
    private readonly Linear _out;

    public ReadoutNetwork(nn.Module<Tensor, Tensor> act, Linear output) : base("Readout")
    {
        _act = act;
        _out = output;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => _out.forward(_act.forward(input.flatten(1)));
}
