using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace NasDsl;

/// <summary>
/// The architecture weights (alphas) of a supernet: one vector per <see cref="ScopeInfo"/>, initialised to
/// 1e-3 × N(0, 1) as in DARTS, each with the operations still in play (<see cref="MixingScope"/>). How the
/// mixed edges turn them into mixing weights is set by <see cref="Mixing"/>: softmax unless a search says otherwise.
/// </summary>
public sealed class ArchitectureWeights : nn.Module
{
    private readonly Parameter[] _alphas;
    private readonly MixingScope[] _mixing;
    private readonly Dictionary<string, int> _indexByPath;

    /// <summary>Creates one alpha vector per scope on <paramref name="device"/>.</summary>
    public ArchitectureWeights(IReadOnlyList<ScopeInfo> scopes, Device device) : base("architecture")
    {
        Scopes = scopes;
        _alphas = new Parameter[scopes.Count];
        _mixing = new MixingScope[scopes.Count];
        _indexByPath = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < scopes.Count; i++)
        {
            using (no_grad())
                _alphas[i] = new Parameter(randn(scopes[i].Count, device: device).mul_(1e-3));
            _mixing[i] = new MixingScope(_alphas[i], scopes[i].Table, Mixing);
            _indexByPath[scopes[i].Path] = i;
            // Parameter names may not contain dots; scope paths do.
            register_parameter(scopes[i].Path.Replace('.', '_'), _alphas[i]);
        }
    }

    /// <summary>The scopes, in the order of <see cref="Alphas"/>.</summary>
    public IReadOnlyList<ScopeInfo> Scopes { get; }

    /// <summary>The alpha vectors, one per scope.</summary>
    public IReadOnlyList<Parameter> Alphas => _alphas;

    /// <summary>Each scope's alphas with the operations still in play, in the order of <see cref="Scopes"/>.</summary>
    public IReadOnlyList<MixingScope> MixingScopes => _mixing;

    /// <summary>How every mixed edge of this supernet mixes.</summary>
    public MixingSettings Mixing { get; } = new();

    /// <summary>The scope at <paramref name="path"/>, with its alphas and the operations still in play.</summary>
    public MixingScope ScopeAt(string path) => _indexByPath.TryGetValue(path, out var index)
        ? _mixing[index]
        : throw new KeyNotFoundException($"No architecture weights for scope '{path}'.");

    /// <summary>The expected mixing weights of every scope (see <see cref="MixingScope.ExpectedWeights"/>).</summary>
    public float[][] ExpectedWeights() => _mixing.Select(m => m.ExpectedWeights()).ToArray();

    /// <summary>The alpha vector of the scope at <paramref name="path"/>.</summary>
    public Parameter this[string path] => _indexByPath.TryGetValue(path, out var index)
        ? _alphas[index]
        : throw new KeyNotFoundException($"No architecture weights for scope '{path}'.");

    /// <summary>The raw alphas of every scope, copied to the CPU.</summary>
    public float[][] Values()
    {
        var result = new float[_alphas.Length][];
        using var scope = NewDisposeScope();
        for (var i = 0; i < _alphas.Length; i++)
            result[i] = _alphas[i].detach().cpu().data<float>().ToArray();
        return result;
    }

    /// <summary>The index of the largest alpha among the operations in play of every scope; with
    /// <paramref name="excludeZero"/>, operations marked <c>IsZero</c> are never chosen (DARTS' rule for
    /// <c>none</c>) while another is in play. For DrNAS this is also the argmax of β = ELU(α) + 1.</summary>
    public int[] Argmax(bool excludeZero = false)
    {
        var values = Values();
        var choices = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var best = -1;
            var active = _mixing[i].Active;
            var zeroMayWin = !excludeZero || Enumerable.Range(0, values[i].Length).All(k => !active[k] || Scopes[i].Table[k].IsZero);
            for (var k = 0; k < values[i].Length; k++)
            {
                if (!active[k] || (!zeroMayWin && Scopes[i].Table[k].IsZero)) continue;
                if (best < 0 || values[i][k] > values[i][best]) best = k;
            }
            choices[i] = best;
        }
        return choices;
    }
}
