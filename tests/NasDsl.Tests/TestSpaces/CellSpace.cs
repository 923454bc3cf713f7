using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasDsl.Tests.TestSpaces;

/// <summary>The genotype of <see cref="CellSpace"/>.</summary>
public sealed record CellGenotype(string U1, string U2, string B);

/// <summary>
/// x → H = Linear(x); U1 = mixed unary(H); U2 = mixed unary(H); B = mixed binary(U1, U2); Out = Linear(B).
/// U1 and U2 search different op tables, so a report can be checked to name the right one.
/// </summary>
public sealed class CellSpace(OpTable first, OpTable second, OpTable binary, int hidden = 8) : SearchSpaceDefinition<CellGenotype>
{
    public override string Name => "Cell";

    public override CellDescription Graph { get; } = new(
        "Cell", true, false, ["X"], "Out", ["X", "H", "U1", "U2", "B", "Out"],
        [
            new EdgeDescription("H", "H", ["X"], EdgeKind.Fixed, "Linear"),
            new EdgeDescription("U1", "U1", ["H"], EdgeKind.Mixed, first.Name),
            new EdgeDescription("U2", "U2", ["H"], EdgeKind.Mixed, second.Name),
            new EdgeDescription("B", "B", ["U1", "U2"], EdgeKind.Mixed, binary.Name),
            new EdgeDescription("Out", "Out", ["B"], EdgeKind.Fixed, "Linear"),
        ]);

    public override IReadOnlyList<(string Label, Formula Formula)> Formulas(CellGenotype genotype)
    {
        var h = Formula.Call("H", Formula.Var("x"));
        var u1 = Formula.Apply(first[first.IndexOf(genotype.U1)], h);
        var u2 = Formula.Apply(second[second.IndexOf(genotype.U2)], h);
        return [("", Formula.Call("Out", Formula.Apply(binary[binary.IndexOf(genotype.B)], u1, u2)))];
    }

    protected override nn.Module<Tensor, Tensor> BuildNetwork(NetworkBuilder builder, Tensor input, CellGenotype? genotype)
    {
        var x = input.flatten(1);
        var h = builder.Fixed("H", c => nn.Linear(c.Features, hidden, device: c.Device), x);
        var hProbe = builder.Probe(h, x);
        var u1 = builder.Unary("U1", first, genotype is null ? null : first.IndexOf(genotype.U1), hProbe);
        var u1Probe = builder.Probe(u1, hProbe);
        var u2 = builder.Unary("U2", second, genotype is null ? null : second.IndexOf(genotype.U2), hProbe);
        var u2Probe = builder.Probe(u2, hProbe);
        var b = builder.Binary("B", binary, genotype is null ? null : binary.IndexOf(genotype.B), u1Probe, u2Probe);
        var bProbe = builder.Probe(b, u1Probe, u2Probe);
        var output = builder.Fixed("Out", c => nn.Linear(c.Features, c.Classes, device: c.Device), bProbe);
        return new CellNetwork(h, u1, u2, b, output);
    }

    protected override void DescribeScopes(ScopeCollector scopes)
    {
        scopes.Mixed("Cell", "U1", first);
        scopes.Mixed("Cell", "U2", second);
        scopes.Mixed("Cell", "B", binary);
    }

    protected override CellGenotype ReadGenotype(ScopeChoices choices) =>
        new(first[choices.Get("U1")].Name, second[choices.Get("U2")].Name, binary[choices.Get("B")].Name);

    protected override void WriteGenotype(CellGenotype genotype, ScopeChoices choices)
    {
        choices.Set("U1", first.IndexOf(genotype.U1));
        choices.Set("U2", second.IndexOf(genotype.U2));
        choices.Set("B", binary.IndexOf(genotype.B));
    }
}

/// <summary>The generated-style module of <see cref="CellSpace"/>.</summary>
public sealed class CellNetwork : nn.Module<Tensor, Tensor>
{
    private readonly Linear _h;
    private readonly nn.Module<Tensor, Tensor> _u1;
    private readonly nn.Module<Tensor, Tensor> _u2;
    private readonly nn.Module<Tensor, Tensor, Tensor> _b;
    private readonly Linear _out;

    public CellNetwork(Linear h, nn.Module<Tensor, Tensor> u1, nn.Module<Tensor, Tensor> u2, nn.Module<Tensor, Tensor, Tensor> b, Linear output) : base("Cell")
    {
        _h = h;
        _u1 = u1;
        _u2 = u2;
        _b = b;
        _out = output;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var x = input.flatten(1);
        var h = _h.forward(x);
        var u1 = _u1.forward(h);
        var u2 = _u2.forward(h);
        var b = _b.forward(u1, u2);
        return _out.forward(b);
    }
}
