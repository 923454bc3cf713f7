using ActivationSearch;
using NasDsl.Operations;
using static TorchSharp.torch;

namespace NasDsl.Tests.Spaces;

/// <summary>The ResNet-20 activation space: its scopes, repetitions, sizes and baseline genotypes.</summary>
public sealed class ResNet20SpaceTests
{
    [Fact]
    public void EveryActivationSlotSharesTheSixScopesOfOneCell()
    {
        Assert.Equal(
            ["ResNetActivation.U1: Unary x21", "ResNetActivation.U2: Unary x21", "ResNetActivation.U3: Unary x21",
             "ResNetActivation.B1: Binary x7", "ResNetActivation.U4: Unary x21", "ResNetActivation.B2: Binary x7"],
            ResNet20Space.Definition.Scopes.Select(s => s.ToString()));
    }

    [Fact]
    public void RepeatedBlocksArePlacedPerRepetition()
    {
        var space = new ResNet20Space();

        Assert.Equal("Stage1.0.Conv1", space.Stage1.Conv1.Path);
        Assert.Equal("Down2.Shortcut", space.Down2.Shortcut.Path);
        var names = typeof(ResNet20Space.Genotype).GetProperties().Select(p => p.Name).Where(n => n != "EqualityContract").ToList();
        Assert.Equal(["StemAct", "Stage1_0", "Stage1_1", "Stage1_2", "Down2", "Stage2_0", "Stage2_1", "Down3", "Stage3_0", "Stage3_1"], names);
        var graph = ResNet20Space.Graph.Edges.ToDictionary(e => e.Name);
        Assert.Equal((3, 2, 2, 1), (graph["Stage1"].Repeat, graph["Stage2"].Repeat, graph["Stage3"].Repeat, graph["Down2"].Repeat));
    }

    /// <summary>3×3 stem to 16 channels, 9 basic blocks at 16/32/64 with BatchNorm, projection shortcuts at the two
    /// transitions, Linear(64 → 10): 270,256 convolution weights (less 288 for one input channel), 1,568 BatchNorm
    /// weights and 650 linear ones; the activation cell's operations have none.</summary>
    [Theory]
    [InlineData(3, 32, 272_474)]
    [InlineData(1, 28, 272_186)]
    public void SizesItselfToTheInputAndHasResNet20sWeights(int channels, int size, long weights)
    {
        using var _ = NewDisposeScope();
        var options = new SpaceOptions([channels, size, size], 10);
        var supernet = ResNet20Space.Definition.CreateSupernet(options);

        Assert.Equal(weights, supernet.WeightParameters().Sum(p => p.numel()));
        Assert.Equal(6, supernet.ArchitectureParameters().Count);
        supernet.eval();
        using var noGrad = no_grad();
        Assert.Equal([2L, 10L], supernet.forward(randn(2, channels, size, size)).shape);
    }

    /// <summary>The space's definition carries the baselines it declares; a space that declares none has none.</summary>
    [Fact]
    public void DeclaredBaselinesReachTheDefinition()
    {
        Assert.Equal(["relu", "identity", "tanh", "sigmoid", "swish"], ResNet20Space.Definition.Baselines.Keys);
        Assert.Equal(ResNet20Baselines.GenotypeOf("swish"), ResNet20Space.Definition.Baselines["swish"]);
        Assert.Empty(RnnSpace.Definition.Baselines);
        Assert.Equal(["relu", "identity", "tanh", "sigmoid", "swish"],
            SearchSpaceRegistry.Of(typeof(ResNet20Space).Assembly).Single(s => s.Name == "resnet20").BaselineNames);
    }

    /// <summary>Each baseline is the named activation, exactly, in every slot.</summary>
    [Theory]
    [InlineData("relu")]
    [InlineData("swish")]
    [InlineData("identity")]
    [InlineData("tanh")]
    [InlineData("sigmoid")]
    public void BaselineGenotypesComputeTheirActivation(string name)
    {
        using var _ = NewDisposeScope();
        var genotype = ResNet20Baselines.GenotypeOf(name);
        var x = linspace(-4, 4, 81);
        var expected = name switch
        {
            "relu" => x.relu(),
            "swish" => x.sigmoid() * x,
            "tanh" => x.tanh(),
            "sigmoid" => x.sigmoid(),
            _ => x,
        };
        var input = x.reshape(1, -1);
        var activation = new ResNetActivation.Network(NetworkBuilder.ForDiscrete(new SpaceOptions([81], 10)), input, genotype.StemAct);
        Assert.True(allclose(activation.forward(input).reshape(-1), expected, rtol: 1e-5, atol: 1e-6), name);
        Assert.All(new[] { genotype.Stage1_0.Act1, genotype.Stage3_1.Act2, genotype.Down3.Act1 }, g => Assert.Equal(genotype.StemAct, g));
    }
}
