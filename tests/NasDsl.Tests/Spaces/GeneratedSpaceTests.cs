using ActivationSearch;
using NasDsl.Operations;
using static TorchSharp.torch;

namespace NasDsl.Tests.Spaces;

/// <summary>Generated supernets and discrete networks of the notebook's spaces behave as declared.</summary>
public sealed class GeneratedSpaceTests
{
    private static readonly SpaceOptions Mnist = new([1, 28, 28], 10);
    private static readonly SpaceOptions Cifar = new([3, 32, 32], 10);

    [Fact]
    public void RnnScopesListEveryMixedEdgeWithItsOpSet()
    {
        Assert.Equal(
            ["Act.U1: Unary x21", "Act.U2: Unary x21", "Act.U3: Unary x21", "Act.B1: Binary x7", "Act.U4: Unary x21", "Act.B2: Binary x7"],
            RnnSpace.Definition.Scopes.Select(s => s.ToString()));
    }

    [Fact]
    public void NestedCellsGiveOneScopePerPlacement()
    {
        Assert.Equal(["Stage1.A", "Stage2.A"], SimpleSpace.Definition.Scopes.Select(s => s.Path));
        Assert.Equal(["Act.U1.Value", "Act.U2.Value", "Act.B1.Value"], ComplexSpace.Definition.Scopes.Select(s => s.Path));
        Assert.All(SimpleSpace.Definition.Scopes, s => Assert.Equal(4, s.Count));
    }

    [Theory]
    [InlineData(1, 28)]
    [InlineData(3, 32)]
    public void SupernetsAdaptToTheInputShapeAndHaveOneAlphaPerOperation(int channels, int size)
    {
        var options = channels == 1 ? Mnist : Cifar;
        using var _ = NewDisposeScope();
        foreach (var (supernet, scopes) in new (Supernet, IReadOnlyList<ScopeInfo>)[]
                 {
                     (SimpleSpace.Definition.CreateSupernet(options), SimpleSpace.Definition.Scopes),
                     (ComplexSpace.Definition.CreateSupernet(options), ComplexSpace.Definition.Scopes),
                     (RnnSpace.Definition.CreateSupernet(options), RnnSpace.Definition.Scopes),
                 })
        {
            var logits = supernet.forward(randn(5, channels, size, size));
            Assert.Equal([5L, 10L], logits.shape);
            Assert.Equal(scopes.Select(s => (long)s.Count), supernet.ArchitectureParameters().Select(p => p.shape.Single()));
            Assert.DoesNotContain(supernet.WeightParameters(), p => supernet.ArchitectureParameters().Contains(p));
        }
    }

    [Fact]
    public void DiscreteCellComputesTheChosenOperations()
    {
        var genotype = new RnnActivationCell.Genotype(Unary.Op.Sin, Unary.Op.Square, Unary.Op.Identity, Binary.Op.Mul, Unary.Op.Tanh, Binary.Op.Max);
        using var _ = NewDisposeScope();
        var x = linspace(-3, 3, 40).reshape(2, 20);
        var cell = new RnnActivationCell.Network(NetworkBuilder.ForDiscrete(Mnist), x, genotype);
        var expected = maximum(x, (x.sin() * x.square()).tanh());
        Assert.True(cell.forward(x).allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void SupernetWithOneHotAlphasMatchesTheDiscreteNetwork()
    {
        using var _ = NewDisposeScope();
        manual_seed(7);
        var supernet = RnnSpace.Definition.CreateSupernet(Mnist);
        var genotype = new RnnSpace.Genotype(new RnnActivationCell.Genotype(Unary.Op.Sin, Unary.Op.Sigmoid, Unary.Op.Identity, Binary.Op.Mul, Unary.Op.Atan, Binary.Op.Add));
        var choices = RnnSpace.Definition.ChoicesOf(genotype);
        using (no_grad())
        {
            for (var i = 0; i < choices.Length; i++)
            {
                supernet.ArchitectureParameters()[i].fill_(-50);
                supernet.ArchitectureParameters()[i][choices[i]] = tensor(50f);
            }
        }
        Assert.Equal(genotype, supernet.Genotype());

        var x = randn(3, 1, 28, 28);
        var discrete = RnnSpace.Definition.CreateDiscrete(genotype, Mnist);
        // Same stem and classifier weights: copy them from the supernet by name.
        var weights = supernet.Network.state_dict();
        discrete.load_state_dict(weights.Where(kv => !kv.Key.StartsWith("Act.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value), strict: false);
        supernet.eval();
        discrete.eval();
        Assert.True(supernet.forward(x).allclose(discrete.forward(x), rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void GenotypesRoundTripThroughChoicesAndNames()
    {
        int[] choices = [7, 0, 20, 6, 12, 3];
        var genotype = RnnSpace.Definition.GenotypeFromChoices(choices);
        Assert.Equal(Unary.Op.Sin, genotype.Act.U1);
        Assert.Equal(Binary.Op.SigMul, genotype.Act.B1);
        Assert.Equal(choices, RnnSpace.Definition.ChoicesOf(genotype));
        var names = RnnSpace.Definition.NamesOf(genotype);
        Assert.Equal("Sin", names["Act.U1"]);
        Assert.Equal(genotype, RnnSpace.Definition.GenotypeFromNames(names));
        var bad = Assert.Throws<ArgumentException>(() => RnnSpace.Definition.GenotypeFromNames(new Dictionary<string, string>(names) { ["Act.U2"] = "Cosine" }));
        Assert.Contains("Act.U2", bad.Message);
        Assert.Contains("Cosine", bad.Message);
    }

    [Fact]
    public void NodePropertiesReportTheirScopePath()
    {
        Assert.Equal("Act.U1", new RnnSpace().Act.U1.Path);
        Assert.Equal("Act.B1.Value", new ComplexSpace().Act.B1.Value.Path);
        Assert.Equal(NodeKind.Input, new RnnSpace().Image.Kind);
    }

    [Fact]
    public void GraphDescriptionsAreTopological()
    {
        Assert.Equal(["X", "U1", "U2", "U3", "B1", "U4", "B2"], RnnActivationCell.Graph.Nodes);
        Assert.Equal(EdgeKind.Cell, RnnSpace.Graph.Edges.Single(e => e.Target == "Act").Kind);
        Assert.Equal(["U1", "U2"], RnnActivationCell.Graph.Edges.Single(e => e.Name == "B1").Sources);
    }

    [Fact]
    public void SharedCellsUseOneAlphaVectorAndSumsAddEdges()
    {
        Assert.Equal(["SharedCell.A", "SumFromFirst", "SumFromSecond"], SharedSpace.Definition.Scopes.Select(s => s.Path));
        using var _ = NewDisposeScope();
        var supernet = SharedSpace.Definition.CreateSupernet(new SpaceOptions([4], 3));
        Assert.Equal(3, supernet.ArchitectureParameters().Count);
        var genotype = new SharedSpace.Genotype(new SharedCell.Genotype(Unary.Op.Negate), new SharedCell.Genotype(Unary.Op.Negate), Unary.Op.Identity, Unary.Op.Square);
        Assert.Equal([2, 0, 4], SharedSpace.Definition.ChoicesOf(genotype));

    }

    [Fact]
    public void SeveralEdgesIntoOneNodeAreSummed()
    {
        using var _ = NewDisposeScope();
        var genotype = new SumCell.Genotype(A: Unary.Op.Sin, SFromX: Unary.Op.Identity, SFromA: Unary.Op.Square);
        var x = linspace(-2, 2, 9).reshape(1, 9);
        var cell = new SumCell.Network(NetworkBuilder.ForDiscrete(new SpaceOptions([9], 3)), x, genotype);
        Assert.True(cell.forward(x).allclose(x + x.sin().square(), rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void ASharedCellMustHaveOneChoiceAcrossItsPlacements()
    {
        var conflicting = new SharedSpace.Genotype(new SharedCell.Genotype(Unary.Op.Sin), new SharedCell.Genotype(Unary.Op.Cos), Unary.Op.Identity, Unary.Op.Square);
        var error = Assert.Throws<ArgumentException>(() => SharedSpace.Definition.ChoicesOf(conflicting));
        Assert.Contains("Scope 'SharedCell.A' is shared", error.Message);
        Assert.Throws<ArgumentException>(() => SharedSpace.Definition.NamesOf(conflicting));
        Assert.Throws<ArgumentException>(() => SharedSpace.Definition.CreateDiscrete(conflicting, new SpaceOptions([4], 3)));
    }
}
