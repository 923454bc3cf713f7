using NasDsl;
using NasDsl.Operations;

namespace ActivationSearch;

// A ResNet-20 for CIFAR (He et al. 2016, §4.2) whose every activation is one searched cell, as GRAFS searched activations:
// a 3×3 stem to 16 channels, then three stages of three basic blocks at 16, 32 and 64 channels, the first block of the
// second and third stage a stride-2 transition with a projection shortcut, global average pooling and a linear layer.
// 1 + 9·2 convolutions + 1 linear layer = 20 layers. Every convolution sizes itself from its input (1×28×28 or 3×32×32).

/// <summary>The Rnn space's activation cell (four unary and two binary mixed edges), with one set of architecture
/// weights for every place it is used: the network has one activation function, searched everywhere at once.</summary>
[Cell(ShareWeights = true)]
public partial class ResNetActivation
{
    [Input] public partial Node X { get; }
    [Edge(nameof(X), Ops = typeof(Unary))] public partial Node U1 { get; }
    [Edge(nameof(X), Ops = typeof(Unary))] public partial Node U2 { get; }
    [Edge(nameof(X), Ops = typeof(Unary))] public partial Node U3 { get; }
    [Edge(nameof(U1), nameof(U2), Ops = typeof(Binary))] public partial Node B1 { get; }
    [Edge(nameof(B1), Ops = typeof(Unary))] public partial Node U4 { get; }
    [Output, Edge(nameof(U3), nameof(U4), Ops = typeof(Binary))] public partial Node B2 { get; }
}

/// <summary>A basic block at its input's width: conv-BN, activation, conv-BN, plus the input, activation.</summary>
[Cell]
public partial class BasicBlock
{
    [Input] public partial Node X { get; }
    [Edge(nameof(X), Op = typeof(ConvBn))] public partial Node Conv1 { get; }
    [Edge(nameof(Conv1))] public partial ResNetActivation Act1 { get; }
    [Edge(nameof(Act1), Op = typeof(ConvBn))] public partial Node Conv2 { get; }
    [Edge(nameof(Conv2), nameof(X), Op = typeof(ResidualAdd))] public partial Node Sum { get; }
    [Output, Edge(nameof(Sum))] public partial ResNetActivation Act2 { get; }
}

/// <summary>A stage transition: the first convolution and a 1×1 projection shortcut at stride 2, so the block halves
/// the size and doubles the channels.</summary>
[Cell]
public partial class TransitionBlock
{
    [Input] public partial Node X { get; }
    [Edge(nameof(X), Op = typeof(ConvBn), Args = [2])] public partial Node Conv1 { get; }
    [Edge(nameof(Conv1))] public partial ResNetActivation Act1 { get; }
    [Edge(nameof(Act1), Op = typeof(ConvBn))] public partial Node Conv2 { get; }
    [Edge(nameof(X), Op = typeof(ConvBn), Args = [2, 1])] public partial Node Shortcut { get; }
    [Edge(nameof(Conv2), nameof(Shortcut), Op = typeof(ResidualAdd))] public partial Node Sum { get; }
    [Output, Edge(nameof(Sum))] public partial ResNetActivation Act2 { get; }
}

/// <summary>ResNet-20 with the searched activation in all 19 activation slots; its 6 scopes are ResNetActivation.*. Its
/// baselines are the same ResNet-20 with the cell fixed to a known activation.</summary>
[SearchSpace]
public partial class ResNet20Space : ISearchSpaceBaselines<ResNet20Space.Genotype>
{
    public static IReadOnlyDictionary<string, Genotype> Baselines =>
        ResNet20Baselines.Names.ToDictionary(name => name, ResNet20Baselines.GenotypeOf);

    [Input] public partial Node Image { get; }
    [Edge(nameof(Image), Op = typeof(ResNetStem), Args = [16])] public partial Node Stem { get; }
    [Edge(nameof(Stem))] public partial ResNetActivation StemAct { get; }
    [Edge(nameof(StemAct)), Repeat(3)] public partial BasicBlock Stage1 { get; }
    [Edge(nameof(Stage1))] public partial TransitionBlock Down2 { get; }
    [Edge(nameof(Down2)), Repeat(2)] public partial BasicBlock Stage2 { get; }
    [Edge(nameof(Stage2))] public partial TransitionBlock Down3 { get; }
    [Edge(nameof(Down3)), Repeat(2)] public partial BasicBlock Stage3 { get; }
    [Output, Edge(nameof(Stage3), Op = typeof(PooledClassifier))] public partial Node Logits { get; }
}

/// <summary>The fixed activations a ResNet-20 search is compared against, as genotypes of the same network: the Rnn
/// cell computes B2(U3(x), U4(B1(U1(x), U2(x)))), which can be ReLU, Swish, tanh, σ or the identity exactly.</summary>
public static class ResNet20Baselines
{
    private static readonly Dictionary<string, (string U3, string Binary, bool Swish)> Activations = new(StringComparer.Ordinal)
    {
        // B2 = U3(x) + 0, or B2 = σ(x)·x with U4(B1) = x.
        ["relu"] = ("Max0", "Add", false),
        ["identity"] = ("Identity", "Add", false),
        ["tanh"] = ("Tanh", "Add", false),
        ["sigmoid"] = ("Sigmoid", "Add", false),
        ["swish"] = ("Identity", "SigMul", true),
    };

    /// <summary>The activations this network can express, by their command-line names.</summary>
    public static IReadOnlyCollection<string> Names => Activations.Keys;

    /// <summary>The genotype whose shared activation cell computes <paramref name="name"/>.</summary>
    public static ResNet20Space.Genotype GenotypeOf(string name)
    {
        var (u3, binary, swish) = Activations[name];
        string Scope(string edge) => $"{nameof(ResNetActivation)}.{edge}";
        return ResNet20Space.Definition.GenotypeFromNames(new Dictionary<string, string>
        {
            [Scope("U1")] = swish ? "Identity" : "Zero",
            [Scope("U2")] = "Zero",
            [Scope("U3")] = u3,
            [Scope("B1")] = "Add",
            [Scope("U4")] = swish ? "Identity" : "Zero",
            [Scope("B2")] = binary,
        });
    }
}
