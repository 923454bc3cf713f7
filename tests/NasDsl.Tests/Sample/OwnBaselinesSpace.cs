using NasDsl.Operations;

namespace NasDsl.Tests.Sample;

/// <summary>A space whose own baselines are neither relu nor swish: what <c>--baselines</c> defaults to for it.</summary>
[SearchSpace]
public partial class OwnBaselinesSpace : ISearchSpaceBaselines<OwnBaselinesSpace.Genotype>
{
    public static IReadOnlyDictionary<string, Genotype> Baselines => new Dictionary<string, Genotype>
    {
        ["hardswish"] = Definition.GenotypeFromNames(new Dictionary<string, string> { ["Activation"] = "Hardswish" }),
        ["identity"] = Definition.GenotypeFromNames(new Dictionary<string, string> { ["Activation"] = "Identity" }),
    };

    [Input] public partial Node Image { get; }
    [Edge(nameof(Image), Op = typeof(LeNetStem))] public partial Node Features { get; }
    [Edge(nameof(Features), Ops = typeof(Activations))] public partial Node Activation { get; }
    [Output, Edge(nameof(Activation), Op = typeof(Classifier))] public partial Node Logits { get; }
}
