using System.Globalization;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace NasDsl;

/// <summary>Why a genotype cannot be exported: an operation without the template wanted, a fixed module inside a
/// searched cell, or a parametric operation without trained weights. The message names the operation and the fix.</summary>
public sealed class ExportException(string message) : Exception(message);

/// <summary>
/// The searched cells of a genotype as code and formulas, written from each operation's own templates
/// (<see cref="PrimitiveAttribute.TorchSharp"/>, <see cref="PrimitiveAttribute.PyTorch"/>,
/// <see cref="PrimitiveAttribute.Latex"/>): a TorchSharp module per cell, a PyTorch module per cell, or one LaTeX line
/// per cell. The code computes what the discrete network computes, operation for operation (zero edges and
/// identities included); parametric operations get the values they learned in <c>trained</c>.
/// <code>
/// var export = ActivationExport.Of(RnnSpace.Definition, genotype, retrained.Network);
/// File.WriteAllText("Act.cs", export.ToTorchSharp());
/// </code>
/// </summary>
public sealed class ActivationExport
{
    private readonly string _space;
    private readonly IReadOnlyList<(string Label, Formula Formula)> _cells;
    private readonly Dictionary<OperationFormula, LearnedValue> _learned;
    private readonly string? _missingWeights;
    private readonly Dictionary<OperationFormula, string> _paths;

    private ActivationExport(string space, IReadOnlyList<(string, Formula)> cells, Dictionary<OperationFormula, LearnedValue> learned, string? missingWeights, Dictionary<OperationFormula, string> paths)
    {
        _paths = paths;
        _space = space;
        _cells = cells;
        _learned = learned;
        _missingWeights = missingWeights;
    }

    /// <summary>The cells of <paramref name="genotype"/>; <paramref name="trained"/> is its retrained discrete network
    /// (<c>space.CreateDiscrete(genotype, …)</c> with weights loaded), needed only for parametric operations.</summary>
    /// <exception cref="ExportException">The trained network does not match the genotype.</exception>
    public static ActivationExport Of<TGenotype>(SearchSpaceDefinition<TGenotype> space, TGenotype genotype, nn.Module? trained = null) where TGenotype : class
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(genotype);
        var cells = space.Formulas(genotype);
        var parametric = cells.SelectMany(c => Nodes(c.Formula)).Where(n => n.Operation is { IsParametric: true }).OrderBy(n => n.Order).ToList();
        var learned = new Dictionary<OperationFormula, LearnedValue>(ReferenceEqualityComparer.Instance);
        string? missing = null;
        if (parametric.Count > 0 && trained is null) missing = Qualified(parametric[0].Operation!);
        else if (parametric.Count > 0)
        {
            // The formula applies operations in the order the network builds its edges, so the k-th parametric
            // operation of the formula is the k-th primitive module of the network.
            var modules = InBuildOrder(trained!, new HashSet<nn.Module>(ReferenceEqualityComparer.Instance)).Where(m => m is Primitive or BinaryPrimitive).ToList();
            if (modules.Count != parametric.Count)
                throw new ExportException($"the trained network has {modules.Count} parametric modules, the genotype {parametric.Count}; load the weights of this genotype's network.");
            for (var i = 0; i < modules.Count; i++)
            {
                var module = modules[i];
                var path = module is Primitive p ? p.Context.Path : ((BinaryPrimitive)module).Context.Path;
                if (module.GetType().Name != parametric[i].Name)
                    throw new ExportException($"the trained network's module at {path} is {module.GetType().Name}, the genotype chose {parametric[i].Name}; load the weights of this genotype's network.");
                var beta = module.named_parameters(recurse: false).FirstOrDefault(n => n.name == "beta").parameter
                    ?? throw new ExportException($"{Qualified(parametric[i].Operation!)} at {path} has no parameter 'beta' for its {{β}} placeholder.");
                using var values = beta.detach().cpu().to_type(ScalarType.Float32);
                learned[parametric[i]] = new LearnedValue(path, values.data<float>().ToArray(), beta.shape);
            }
        }
        return new ActivationExport(space.Name, cells, learned, missing, EdgePaths(space, genotype, cells));
    }

    /// <summary>The scope path of every applied operation, e.g. <c>Act.U1</c>, for naming the code's locals after
    /// the cell's nodes. Formulas apply operations in scope order; where placements share scopes (or anything else
    /// does not line up) there are no paths and the locals are named after the operations.</summary>
    private static Dictionary<OperationFormula, string> EdgePaths<TGenotype>(SearchSpaceDefinition<TGenotype> space, TGenotype genotype, IReadOnlyList<(string, Formula Formula)> cells) where TGenotype : class
    {
        var applied = cells.SelectMany(c => Nodes(c.Formula)).Where(n => n.Operation is not null).OrderBy(n => n.Order).ToList();
        var names = space.NamesOf(genotype);
        var paths = new Dictionary<OperationFormula, string>(ReferenceEqualityComparer.Instance);
        if (applied.Count != space.Scopes.Count) return paths;
        for (var i = 0; i < applied.Count; i++)
        {
            var path = space.Scopes[i].Path;
            if (names[path] != applied[i].Name) return [];
            paths[applied[i]] = path;
        }
        return paths;
    }

    /// <summary>A parametric operation of the genotype (e.g. <c>Extended.BetaMul</c>) whose learned values the code
    /// exports need, or null when it has none.</summary>
    public string? LearnedOperation => _missingWeights ?? _learned.Keys.Select(k => Qualified(k.Operation!)).FirstOrDefault();

    /// <summary>One line per cell, e.g. <c>\mathrm{Act}(x) = \tanh\left(x\right) - x</c>, from the simplified formula
    /// (as <see cref="SearchSpaceDefinition{TGenotype}.Format"/> prints it).</summary>
    /// <exception cref="ExportException">An operation declares no <see cref="PrimitiveAttribute.Latex"/> template.</exception>
    public string ToLatex()
    {
        var text = new StringBuilder();
        foreach (var (label, formula) in _cells)
        {
            var latex = FormulaPrinter.Print(formula.Simplify(), op => Template(op, "Latex", op.Operation?.Latex), inner => @"\left(" + inner + @"\right)");
            text.Append(label.Length == 0 ? latex : $@"\mathrm{{{label.Replace("_", @"\_")}}}(x) = {latex}").Append('\n');
        }
        return text.ToString();
    }

    /// <summary>A C# source file with one TorchSharp <c>nn.Module&lt;Tensor, Tensor&gt;</c> per cell, named after it,
    /// that depends on TorchSharp only.</summary>
    /// <exception cref="ExportException">An operation declares no <see cref="PrimitiveAttribute.TorchSharp"/> template,
    /// or a parametric one has no trained values.</exception>
    public string ToTorchSharp()
    {
        var text = new StringBuilder();
        text.Append($"// The searched activations of {_space}, exported by NasDsl. Depends on TorchSharp only.\n");
        text.Append("using TorchSharp;\nusing static TorchSharp.torch;\n\n");
        text.Append($"namespace {_space}Activations;\n");
        foreach (var (label, formula) in _cells)
        {
            var name = ClassName(label);
            var body = Straighten(label, formula, "TorchSharp", op => op.Operation?.TorchSharp, beta => "_" + Camel(FieldName(label, beta.Path)) + "Beta", Camel);
            text.Append($"\n/// <summary>{Escape(CellTitle(label))} of {_space}: <c>{Escape(formula.Simplify().ToString())}</c>.</summary>\n");
            text.Append($"public sealed class {name} : nn.Module<Tensor, Tensor>\n{{\n");
            foreach (var beta in body.Learned)
                text.Append($"    private readonly Tensor _{Camel(FieldName(label, beta.Path))}Beta;\n");
            if (body.Learned.Count > 0) text.Append('\n');
            if (body.Learned.Count == 0) text.Append($"    public {name}() : base(nameof({name})) {{ }}\n\n");
            else text.Append($"    public {name}() : base(nameof({name}))\n    {{\n");
            foreach (var beta in body.Learned)
            {
                var field = $"_{Camel(FieldName(label, beta.Path))}Beta";
                var values = string.Join(", ", beta.Values.Select(v => v.ToString("R", CultureInfo.InvariantCulture) + "f"));
                text.Append($"        // β learned at {beta.Path}, one value per channel.\n");
                text.Append($"        {field} = tensor(new float[] {{ {values} }}).reshape({Shape(beta.Shape)});\n");
                text.Append($"        register_buffer(\"{Snake(FieldName(label, beta.Path))}_beta\", {field});\n");
            }
            if (body.Learned.Count > 0) text.Append("    }\n\n");
            text.Append("    public override Tensor forward(Tensor x)\n    {\n");
            foreach (var (local, expression) in body.Lines) text.Append($"        var {local} = {expression};\n");
            text.Append($"        return {body.Result};\n    }}\n}}\n");
        }
        return text.ToString();
    }

    /// <summary>A Python source file with one <c>torch.nn.Module</c> per cell, named after it, that needs torch only.</summary>
    /// <exception cref="ExportException">An operation declares no <see cref="PrimitiveAttribute.PyTorch"/> template,
    /// or a parametric one has no trained values.</exception>
    public string ToPyTorch()
    {
        var text = new StringBuilder();
        text.Append($"# The searched activations of {_space}, exported by NasDsl. Needs torch only.\n");
        text.Append("import torch\nfrom torch import nn\n");
        foreach (var (label, formula) in _cells)
        {
            var body = Straighten(label, formula, "PyTorch", op => op.Operation?.PyTorch, beta => $"self.{Snake(FieldName(label, beta.Path))}_beta", Snake);
            text.Append($"\n\nclass {ClassName(label)}(nn.Module):\n");
            text.Append($"    \"\"\"{CellTitle(label)} of {_space}: {formula.Simplify().ToString().Replace("\\", "\\\\")}.\"\"\"\n\n");
            text.Append("    def __init__(self):\n        super().__init__()\n");
            foreach (var beta in body.Learned)
            {
                // The float32 values written as the doubles they are, so they read back bit for bit.
                var values = string.Join(", ", beta.Values.Select(v => ((double)v).ToString("R", CultureInfo.InvariantCulture)));
                text.Append($"        # β learned at {beta.Path}, one value per channel.\n");
                text.Append($"        self.register_buffer(\"{Snake(FieldName(label, beta.Path))}_beta\", torch.tensor([{values}]).reshape({Shape(beta.Shape)}))\n");
            }
            text.Append("\n    def forward(self, x):\n");
            foreach (var (local, expression) in body.Lines) text.Append($"        {local} = {expression}\n");
            text.Append($"        return {body.Result}\n");
        }
        return text.ToString();
    }

    /// <summary>The formula as straight-line code: one local per operation, in an order where operands come first;
    /// identities pass their operand on.</summary>
    private Straightened Straighten(string label, Formula formula, string property, Func<OperationFormula, string?> templateOf, Func<LearnedValue, string> betaName, Func<string, string> localName)
    {
        var lines = new List<(long Order, string Local, string Expression)>();
        var learned = new List<LearnedValue>();
        var expressions = new Dictionary<Formula, string>(ReferenceEqualityComparer.Instance);
        var taken = new HashSet<string>(StringComparer.Ordinal) { "x", "self", "torch", "nn" };

        string Emit(Formula node)
        {
            if (expressions.TryGetValue(node, out var known)) return known;
            string expression;
            switch (node)
            {
                case VariableFormula variable:
                    expression = variable.Name;
                    break;
                case ConstantFormula constant:
                    expression = constant.Value.ToString("R", CultureInfo.InvariantCulture);
                    break;
                case OperationFormula operation:
                    var operands = operation.Operands.Select(Emit).ToArray();
                    var template = Template(operation, property, templateOf(operation));
                    if (template == "{0}")
                    {
                        expression = operands[0];
                        break;
                    }
                    if (template.Contains("{β}", StringComparison.Ordinal))
                    {
                        if (!_learned.TryGetValue(operation, out var beta))
                            throw new ExportException($"{Qualified(operation.Operation!)} learns β per channel; export its code from the retrained network's weights.");
                        learned.Add(beta);
                        template = template.Replace("{β}", betaName(beta), StringComparison.Ordinal);
                    }
                    var local = Unique(taken, _paths.TryGetValue(operation, out var path) ? localName(FieldName(label, path)) : operation.Name.ToLowerInvariant());
                    lines.Add((operation.Order, local, FormulaPrinter.FillPlaceholders(template, operands)));
                    expression = local;
                    break;
                default:
                    throw new ExportException($"cannot export the formula node {node}.");
            }
            expressions[node] = expression;
            return expression;
        }

        var result = Emit(formula);
        // Operands are built before the operations that use them, so build order is the cell's own node order.
        var ordered = lines.OrderBy(l => l.Order).Select(l => (l.Local, l.Expression)).ToList();
        return new Straightened(ordered, learned.OrderBy(b => b.Path, StringComparer.Ordinal).ToList(), result);
    }

    /// <summary>The template of <paramref name="operation"/>; sums and the negations simplification creates have their symbol.</summary>
    private static string Template(OperationFormula operation, string property, string? template)
    {
        if (operation.Operation is null)
        {
            if (operation.Name is KnownOps.Sum or KnownOps.Negate && operation.Symbol.Contains("{0}", StringComparison.Ordinal))
                return property == "TorchSharp" && operation.Name == KnownOps.Negate ? "{0}.neg()" : operation.Symbol;
            throw new ExportException($"the fixed module {operation.Name} inside a searched cell has no {property} template; only op-set operations export.");
        }
        return template ?? throw new ExportException(
            $"{Qualified(operation.Operation)} declares no {property} template; add {property} = \"...\" to its [{(operation.Operation.Arity == 1 ? "Unary" : "Binary")}Primitive]");
    }

    /// <summary>The modules below <paramref name="module"/> depth first, children in registration order: generated
    /// networks register a cell's edges in the order they build them. (TorchSharp's <c>modules()</c> goes level by
    /// level and lists field-held modules twice.)</summary>
    private static IEnumerable<nn.Module> InBuildOrder(nn.Module module, HashSet<nn.Module> seen)
    {
        foreach (var (_, child) in module.named_children())
        {
            if (!seen.Add(child)) continue;
            yield return child;
            foreach (var descendant in InBuildOrder(child, seen)) yield return descendant;
        }
    }

    /// <summary>Every operation node of <paramref name="formula"/>, each once.</summary>
    private static IEnumerable<OperationFormula> Nodes(Formula formula)
    {
        var seen = new HashSet<Formula>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<Formula>([formula]);
        while (pending.TryPop(out var node))
        {
            if (node is not OperationFormula operation || !seen.Add(node)) continue;
            yield return operation;
            foreach (var operand in operation.Operands) pending.Push(operand);
        }
    }

    private static string Qualified(OpInfo op) => op.OpSet.Length == 0 ? op.Name : $"{op.OpSet}.{op.Name}";

    private static string Unique(HashSet<string> taken, string name)
    {
        var candidate = name;
        for (var n = 2; !taken.Add(candidate); n++) candidate = name + n.ToString(CultureInfo.InvariantCulture);
        return candidate;
    }

    private static string ClassName(string label) => label.Length == 0 ? "Activation" : string.Concat(label.Select(c => char.IsLetterOrDigit(c) ? c : '_'));

    private static string CellTitle(string label) => label.Length == 0 ? "The activation" : $"Cell {label}";

    /// <summary>The edge path below the cell, e.g. <c>U1</c> for <c>Act.U1</c> in cell <c>Act</c>.</summary>
    private static string FieldName(string label, string path) =>
        label.Length > 0 && path.StartsWith(label + ".", StringComparison.Ordinal) ? path[(label.Length + 1)..] : path;

    private static string Camel(string path)
    {
        var parts = path.Split('.', '_').Where(p => p.Length > 0).ToArray();
        return string.Concat(parts.Select((p, i) => i == 0 ? char.ToLowerInvariant(p[0]) + p[1..] : char.ToUpperInvariant(p[0]) + p[1..]));
    }

    private static string Snake(string path) => path.Replace('.', '_').ToLowerInvariant();

    private static string Shape(long[] shape) => string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));

    private static string Escape(string text) => System.Security.SecurityElement.Escape(text);

    private sealed record LearnedValue(string Path, float[] Values, long[] Shape);

    private sealed record Straightened(List<(string Local, string Expression)> Lines, List<LearnedValue> Learned, string Result);
}
