using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasDsl.Search;

/// <summary>What a checkpoint says about the run it belongs to; checked before a resume touches any weights.</summary>
/// <param name="Space">The search space's name.</param>
/// <param name="Scopes">Scope paths with their operation counts, e.g. <c>Act.U1:21</c>.</param>
/// <param name="Seed">The search seed (it fixes the data split and order).</param>
/// <param name="BatchSize">The batch size (it fixes which samples each step sees).</param>
/// <param name="TrainPortion">The weight-training share of the training set.</param>
/// <param name="Epochs">The planned number of epochs (the period of the cosine schedule).</param>
/// <param name="SecondOrder">Whether the run uses the unrolled architecture gradient.</param>
/// <param name="Progress">Position and records of the run.</param>
public sealed record CheckpointMetadata(
    string Space,
    IReadOnlyList<string> Scopes,
    long Seed,
    int BatchSize,
    double TrainPortion,
    int Epochs,
    bool SecondOrder,
    SearchProgress Progress)
{
    /// <summary>The other settings that fix the run's trajectory (learning rates, momentum, steps per epoch, …), by
    /// name, as invariant text. Null in checkpoints written before they were recorded; those resume unchecked.</summary>
    public IReadOnlyDictionary<string, string>? Settings { get; init; }
}

/// <summary>A checkpoint file is truncated, corrupt or not a checkpoint.</summary>
public sealed class CheckpointCorruptException : Exception
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public CheckpointCorruptException(string path, string reason)
        : this(path, reason, $"Checkpoint '{path}' is unusable: {reason}.")
    {
    }

    private CheckpointCorruptException(string path, string reason, string message)
        : base(message)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>The file that failed verification (the latest one when neither a checkpoint nor its previous copy is usable).</summary>
    public string Path { get; }

    /// <summary>What is wrong, without the path.</summary>
    public string Reason { get; }

    /// <summary>Neither the checkpoint nor its previous copy is usable: one message naming both and their problems.</summary>
    internal static CheckpointCorruptException Neither(CheckpointCorruptException latest, CheckpointCorruptException previous) =>
        new(latest.Path, $"{latest.Reason}; and its previous copy is unusable too",
            $"No usable checkpoint: '{latest.Path}': {latest.Reason}; '{previous.Path}': {previous.Reason}.");
}

/// <summary>
/// Search checkpoints: network and architecture weights, both optimisers' state, the torch RNG state and the
/// run's position and records, in one file guarded by a SHA-256 checksum. Writes are atomic (temporary file,
/// flushed to disk, then renamed over the old one) and keep the previous good checkpoint beside it as
/// <c>name.prev.ext</c>, so a crash while writing never leaves a run without a checkpoint to resume from.
/// </summary>
public static class Checkpoint
{
    private static readonly byte[] Magic = "NASDSLCK"u8.ToArray();
    private const int FormatVersion = 1;
    private const int HeaderLength = 8 + 4 + 8 + 32;

    private static readonly JsonSerializerOptions Json = new()
    {
        // A diverged epoch's mean loss is NaN; the record must still round-trip.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Where the previous checkpoint of <paramref name="path"/> is kept: <c>checkpoint.prev.bin</c>
    /// beside <c>checkpoint.bin</c>.</summary>
    public static string PreviousPath(string path) =>
        System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path) ?? string.Empty,
            System.IO.Path.GetFileNameWithoutExtension(path) + ".prev" + System.IO.Path.GetExtension(path));

    /// <summary>Writes a checkpoint atomically (see <see cref="AtomicFile"/>); a valid checkpoint already at
    /// <paramref name="path"/> becomes the previous one (a corrupt one is simply replaced, so the previous good file
    /// survives).</summary>
    /// <exception cref="IOException">The file cannot be written; the checkpoints already there are unchanged.</exception>
    public static void Save(string path, Supernet supernet, OptimizerHelper weightOptimizer, OptimizerHelper architectureOptimizer, CheckpointMetadata metadata)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(supernet);
        ArgumentNullException.ThrowIfNull(weightOptimizer);
        ArgumentNullException.ThrowIfNull(architectureOptimizer);
        ArgumentNullException.ThrowIfNull(metadata);

        var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(JsonSerializer.Serialize(metadata, Json));
            supernet.save(writer);
            weightOptimizer.save_state_dict(writer);
            architectureOptimizer.save_state_dict(writer);
            using var rng = get_rng_state();
            var state = rng.bytes.ToArray();
            writer.Write(state.Length);
            writer.Write(state);
        }

        var bytes = new ArraySegment<byte>(payload.GetBuffer(), 0, (int)payload.Length);
        var checksum = SHA256.HashData(bytes);
        AtomicFile.Write(path, file =>
        {
            file.Write(Magic);
            file.Write(BitConverter.GetBytes(FormatVersion));
            file.Write(BitConverter.GetBytes((long)bytes.Count));
            file.Write(checksum);
            file.Write(bytes);
        },
        // The new file is complete on disk: only now may the current one become the previous one.
        beforeReplace: () =>
        {
            if (File.Exists(path) && IsValid(path)) File.Move(path, PreviousPath(path), overwrite: true);
        });
    }

    /// <summary>True when <paramref name="path"/> exists and passes the checksum.</summary>
    public static bool IsValid(string path)
    {
        try
        {
            ReadPayload(path);
            return true;
        }
        catch (Exception e) when (e is CheckpointCorruptException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Reads the metadata of a checkpoint without loading any weights.</summary>
    /// <exception cref="CheckpointCorruptException">The file is truncated or corrupt.</exception>
    public static CheckpointMetadata ReadMetadata(string path)
    {
        using var reader = new BinaryReader(new MemoryStream(ReadPayload(path)), Encoding.UTF8);
        return ReadMetadata(path, reader);
    }

    /// <summary>
    /// Loads a checkpoint into <paramref name="supernet"/> and the optimisers, and restores the torch RNG state.
    /// <paramref name="validate"/> sees the metadata first and may throw to refuse it before anything changes.
    /// </summary>
    /// <exception cref="CheckpointCorruptException">The file is truncated, corrupt or does not fit the network.</exception>
    public static CheckpointMetadata Load(string path, Supernet supernet, OptimizerHelper weightOptimizer, OptimizerHelper architectureOptimizer, Action<CheckpointMetadata>? validate = null)
    {
        ArgumentNullException.ThrowIfNull(supernet);
        ArgumentNullException.ThrowIfNull(weightOptimizer);
        ArgumentNullException.ThrowIfNull(architectureOptimizer);
        using var reader = new BinaryReader(new MemoryStream(ReadPayload(path)), Encoding.UTF8);
        var metadata = ReadMetadata(path, reader);
        validate?.Invoke(metadata);
        try
        {
            supernet.load(reader, strict: true);
            weightOptimizer.load_state_dict(reader);
            architectureOptimizer.load_state_dict(reader);
            var state = reader.ReadBytes(reader.ReadInt32());
            using var rng = tensor(state, dtype: ScalarType.Byte);
            set_rng_state(rng);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException or ArgumentException)
        {
            throw new CheckpointCorruptException(path, $"its contents do not fit this network ({e.Message})");
        }
        KeepOptimizerStateAlive(weightOptimizer, supernet);
        KeepOptimizerStateAlive(architectureOptimizer, supernet);
        return metadata;
    }

    /// <summary>
    /// Loads the newest usable checkpoint: <paramref name="path"/>, or its previous copy when
    /// <paramref name="path"/> is missing or corrupt. Returns the file that was loaded.
    /// </summary>
    /// <exception cref="CheckpointCorruptException">No file is usable; the message names each one there and its problem.</exception>
    /// <exception cref="FileNotFoundException">Neither file exists.</exception>
    public static (string Path, CheckpointMetadata Metadata) LoadLatest(string path, Supernet supernet, OptimizerHelper weightOptimizer, OptimizerHelper architectureOptimizer, Action<CheckpointMetadata>? validate = null)
    {
        var previous = PreviousPath(path);
        if (!File.Exists(path) && !File.Exists(previous)) throw new FileNotFoundException($"No checkpoint at '{path}' (nor '{previous}').", path);
        var failures = new List<CheckpointCorruptException>();
        foreach (var candidate in new[] { path, previous })
        {
            if (!File.Exists(candidate)) continue;
            try
            {
                // A file that fails after loading began is overwritten in full by the next candidate.
                return (candidate, Load(candidate, supernet, weightOptimizer, architectureOptimizer, validate));
            }
            catch (CheckpointCorruptException e)
            {
                failures.Add(e);
            }
        }
        throw failures.Count == 1 ? failures[0] : CheckpointCorruptException.Neither(failures[0], failures[1]);
    }

    private static CheckpointMetadata ReadMetadata(string path, BinaryReader reader)
    {
        try
        {
            return JsonSerializer.Deserialize<CheckpointMetadata>(reader.ReadString(), Json)
                ?? throw new CheckpointCorruptException(path, "its metadata is empty");
        }
        catch (Exception e) when (e is JsonException or EndOfStreamException)
        {
            throw new CheckpointCorruptException(path, $"its metadata cannot be read ({e.Message})");
        }
    }

    /// <summary>The verified payload of a checkpoint file.</summary>
    private static byte[] ReadPayload(string path)
    {
        byte[] file;
        try
        {
            file = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new CheckpointCorruptException(path, "the file does not exist");
        }
        if (file.Length < HeaderLength || !file.AsSpan(0, 8).SequenceEqual(Magic))
            throw new CheckpointCorruptException(path, "it is not a NasDsl checkpoint (bad header)");
        var version = BitConverter.ToInt32(file, 8);
        if (version != FormatVersion)
            throw new CheckpointCorruptException(path, $"it has format version {version}; this build reads version {FormatVersion}");
        var length = BitConverter.ToInt64(file, 12);
        if (length != file.Length - HeaderLength)
            throw new CheckpointCorruptException(path, $"it holds {file.Length - HeaderLength} payload bytes but its header says {length} (truncated write?)");
        var payload = file.AsSpan(HeaderLength);
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(file.AsSpan(20, 32)))
            throw new CheckpointCorruptException(path, "its SHA-256 checksum does not match its contents");
        return payload.ToArray();
    }

    /// <summary>
    /// TorchSharp creates missing optimiser state (an SGD momentum buffer before the first step) on the CPU and
    /// in whatever dispose scope is active; move it to the parameters' device and out of any scope.
    /// </summary>
    private static void KeepOptimizerStateAlive(OptimizerHelper optimizer, Supernet supernet)
    {
        var device = supernet.parameters().FirstOrDefault()?.device ?? CPU;
        foreach (var state in optimizer.state_dict().State)
        {
            switch (state)
            {
                case SGD.State { momentum_buffer: { } buffer } sgd:
                    sgd.momentum_buffer = Moved(buffer, device);
                    break;
                case Adam.State adam:
                    adam.exp_avg = Moved(adam.exp_avg, device);
                    adam.exp_avg_sq = Moved(adam.exp_avg_sq, device);
                    if (adam.max_exp_avg_sq is { } max) adam.max_exp_avg_sq = Moved(max, device);
                    break;
            }
        }
    }

    private static Tensor Moved(Tensor tensor, Device device)
    {
        if (tensor.device.type == device.type && tensor.device.index == device.index) return tensor.DetachFromDisposeScope();
        var moved = tensor.to(device).DetachFromDisposeScope();
        tensor.Dispose();
        return moved;
    }
}
