using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace NasDsl;

/// <summary>
/// The architecture weights (alphas) of a supernet: one vector per <see cref="ScopeInfo"/>, initialised to
/// 1e-3 × N(0, 1) as in DARTS. Mixing weights are their softmax.
/// </summary>
public sealed class ArchitectureWeights : nn.Module
{
    private readonly Parameter[] _alphas;
    private readonly Dictionary<string, int> _indexByPath;

    /// <summary>Creates one alpha vector per scope on <paramref name="device"/>.</summary>
    public ArchitectureWeights(IReadOnlyList<ScopeInfo> scopes, Device device) : base("architecture")
    {
        Scopes = scopes;
        _alphas = new Parameter[scopes.Count];
        _indexByPath = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < scopes.Count; i++)
        {
            using (no_grad())
                _alphas[i] = new Parameter(randn(scopes[i].Count, device: device).mul_(1e-3));
            _indexByPath[scopes[i].Path] = i;
            // Parameter names may not contain dots; scope paths do.
            register_parameter(scopes[i].Path.Replace('.', '_'), _alphas[i]);
        }
    }

    /// <summary>The scopes, in the order of <see cref="Alphas"/>.</summary>
    public IReadOnlyList<ScopeInfo> Scopes { get; }

    /// <summary>The alpha vectors, one per scope.</summary>
    public IReadOnlyList<Parameter> Alphas => _alphas;

    /// <summary>The alpha vector of the scope at <paramref name="path"/>.</summary>
    public Parameter this[string path] => _indexByPath.TryGetValue(path, out var index)
        ? _alphas[index]
        : throw new KeyNotFoundException($"No architecture weights for scope '{path}'.");

    /// <summary>softmax(alpha) of every scope, copied to the CPU.</summary>
    public float[][] Softmax()
    {
        var result = new float[_alphas.Length][];
        using var scope = NewDisposeScope();
        for (var i = 0; i < _alphas.Length; i++)
            result[i] = _alphas[i].detach().softmax(0).cpu().data<float>().ToArray();
        return result;
    }

    /// <summary>The raw alphas of every scope, copied to the CPU.</summary>
    public float[][] Values()
    {
        var result = new float[_alphas.Length][];
        using var scope = NewDisposeScope();
        for (var i = 0; i < _alphas.Length; i++)
            result[i] = _alphas[i].detach().cpu().data<float>().ToArray();
        return result;
    }

    /// <summary>The index of the largest alpha in every scope; with <paramref name="excludeZero"/>, operations
    /// marked <c>IsZero</c> are never chosen (DARTS' rule for <c>none</c>).</summary>
    public int[] Argmax(bool excludeZero = false)
    {
        var values = Values();
        var choices = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var best = -1;
            for (var k = 0; k < values[i].Length; k++)
            {
                if (excludeZero && Scopes[i].Table[k].IsZero && Scopes[i].Count > 1) continue;
                if (best < 0 || values[i][k] > values[i][best]) best = k;
            }
            choices[i] = best;
        }
        return choices;
    }
}
