using System.Collections.Generic;
using System.Linq;
using NasDsl.Generators.Model;
using static NasDsl.Generators.Emit.EmitHelpers;

namespace NasDsl.Generators.Emit;

/// <summary>
/// Emits a cell or search space: node properties, the graph description, the typed genotype, the network module
/// (supernet or discrete) with straight-line <c>forward</c>, scope registration, genotype mapping and the formula. A cell
/// with NAS errors gets the same public surface with members that throw, so its errors are the only ones the user sees.
/// </summary>
internal static class CellEmitter
{
    private const string Formula = "global::NasDsl.Formula";

    public static string Emit(CellModel cell)
    {
        var names = new TypeNames(cell.AliasesTensor);
        var writer = new SourceWriter();
        var declaration = cell.IsSearchSpace && cell.HasSurface
            ? $"partial class {cell.Type.Name} : global::NasDsl.IGeneratedSearchSpace<{cell.Type.Name}.Genotype>"
            : $"partial class {cell.Type.Name}";
        var blocks = OpenType(writer, cell.Type, declaration, cell.AliasesTensor ? [TensorAlias] : []);
        EmitNodeProperties(writer, cell);
        if (!cell.HasSurface)
        {
            CloseAll(writer, blocks);
            return writer.ToString();
        }
        EmitGraph(writer, cell);
        EmitGenotype(writer, cell);
        if (cell.IsValid)
        {
            EmitNetwork(writer, cell, names);
            EmitScopes(writer, cell);
            EmitFormula(writer, cell);
            if (cell.IsSearchSpace) EmitDefinition(writer, cell, names);
        }
        else
        {
            EmitUnusableSurface(writer, cell, names);
        }
        CloseAll(writer, blocks);
        return writer.ToString();
    }

    private const string TensorAlias = "using Tensor = global::TorchSharp.torch.Tensor;";

    /// <summary>The TorchSharp types as this file names them.</summary>
    private sealed class TypeNames(bool aliasesTensor)
    {
        public string Tensor { get; } = aliasesTensor ? "Tensor" : "global::TorchSharp.torch.Tensor";

        public string UnaryModule => $"global::TorchSharp.torch.nn.Module<{Tensor}, {Tensor}>";

        public string BinaryModule => $"global::TorchSharp.torch.nn.Module<{Tensor}, {Tensor}, {Tensor}>";

        public string Module(int inputs) => inputs == 2 ? BinaryModule : UnaryModule;
    }

    private static IEnumerable<EdgeModel> EdgesInto(CellModel cell, string node) => cell.Edges.Where(e => e.Target == node);

    private static bool IsBinary(EdgeModel edge) => edge.Sources.Count == 2;

    private static void EmitNodeProperties(SourceWriter writer, CellModel cell)
    {
        // An invalid cell may have no node to implement; a field nobody reads would then warn (CS0414).
        if (cell.Nodes.Count > 0)
        {
            writer.Line("private global::NasDsl.ScopeCursor _placement;");
            writer.Line();
        }
        writer.Summary("This cell viewed at the placement <paramref name=\"path\"/>; its nodes report paths below it.");
        writer.Line(cell.Nodes.Count > 0
            ? $"public static {cell.Type.Name} PlacedAt(string path) => new() {{ _placement = new global::NasDsl.ScopeCursor(path) }};"
            : $"public static {cell.Type.Name} PlacedAt(string path) => new();");
        foreach (var node in cell.Nodes)
        {
            writer.Line();
            var head = $"{node.Accessibility} partial ";
            if (node.Kind == NodeKindModel.Cell)
            {
                writer.Call($"{head}{node.TypeFullName} {node.Name} => {node.TypeFullName}.PlacedAt", [$"_placement.KeyFor({Literal(node.ViewPath)})"], ";");
            }
            else
            {
                var kind = node.Kind == NodeKindModel.Input ? "Input" : "Operation";
                writer.Call($"{head}global::NasDsl.Node {node.Name} => new",
                    [Literal(node.Name), $"_placement.KeyFor({Literal(node.Name)})", $"global::NasDsl.NodeKind.{kind}"], ";");
            }
        }
    }

    private static void EmitGraph(SourceWriter writer, CellModel cell)
    {
        writer.Line();
        writer.Summary($"The graph of <see cref=\"{cell.Type.Name}\"/>: nodes and edges in topological order.");
        if (!cell.IsValid)
        {
            writer.Line($"public static global::NasDsl.CellDescription Graph => throw {Unusable(cell)};");
            return;
        }
        writer.Line("public static global::NasDsl.CellDescription Graph { get; } = new(");
        writer.Line($"    Name: {Literal(cell.Type.Name)},");
        writer.Line($"    IsSearchSpace: {Bool(cell.IsSearchSpace)},");
        writer.Line($"    ShareWeights: {Bool(cell.ShareWeights)},");
        writer.Line($"    Inputs: [{cell.Inputs.Join(", ", Literal)}],");
        writer.Line($"    Output: {Literal(cell.Output)},");
        writer.Line($"    Nodes: [{cell.TopologicalOrder.Join(", ", Literal)}],");
        writer.Line("    Edges:");
        writer.Line("    [");
        writer.Indent(2);
        foreach (var edge in cell.Edges)
        {
            var arguments = new List<string>
            {
                Literal(edge.Name), Literal(edge.Target), $"[{edge.Sources.Join(", ", Literal)}]",
                $"global::NasDsl.EdgeKind.{edge.Kind}", Literal(edge.OperationName),
            };
            if (edge.Repeat > 1) arguments.Add($"Repeat: {Int(edge.Repeat)}");
            writer.Call("new", arguments, ",");
        }
        writer.Indent(-2);
        writer.Line("    ]);");
    }

    private static void EmitGenotype(SourceWriter writer, CellModel cell)
    {
        var properties = GenotypeProperties(cell).ToList();
        writer.Line();
        writer.Summary($"The operation chosen on each mixed edge of <see cref=\"{cell.Type.Name}\"/>, and the genotypes of its nested cells.");
        if (properties.Count == 0)
        {
            writer.Line("public sealed record Genotype;");
            return;
        }
        writer.Line("public sealed record Genotype(");
        for (var i = 0; i < properties.Count; i++)
        {
            var (edge, property) = properties[i];
            var type = edge.Kind == EdgeKindModel.Mixed ? edge.OperationFullName + ".Op" : edge.OperationFullName + ".Genotype";
            writer.Line($"    {type} {property.GenotypeProperty}{(i == properties.Count - 1 ? ");" : ",")}");
        }
    }

    /// <summary>One genotype property per mixed edge and per cell placement, except that the repetitions of a cell that
    /// shares its weights share one; each with the first placement that reads it.</summary>
    /// (An invalid cell's surface may list a name twice, NAS024; only the first is declared.)
    private static IEnumerable<(EdgeModel Edge, Placement Placement)> GenotypeProperties(CellModel cell) =>
        cell.Edges.Where(e => e.Kind != EdgeKindModel.Fixed)
            .SelectMany(e => e.Placements.Select(p => (e, p)))
            .GroupBy(property => property.p.GenotypeProperty)
            .Select(g => g.First());

    private static void EmitNetwork(SourceWriter writer, CellModel cell, TypeNames names)
    {
        var inputs = cell.Inputs.Select(Local).ToList();
        var parameters = inputs.Select(i => $"{names.Tensor} {i}").ToList();
        writer.Line();
        writer.Summary($"The network of <see cref=\"{cell.Type.Name}\"/>: the supernet, or the discrete network of a given genotype.");
        writer.Line(GeneratedCode);
        using (writer.Block($"public sealed class Network : {names.Module(inputs.Count)}"))
        {
            foreach (var edge in cell.Edges)
                foreach (var placement in edge.Placements)
                    writer.Line($"private readonly {FieldType(edge, names)} {Field(placement.Identifier)};");
            writer.Line();
            writer.Summary("Builds every edge from the shapes of probe tensors that flow through the graph once.");
            writer.Call("public Network", ["global::NasDsl.NetworkBuilder builder", .. parameters, "Genotype? genotype"], $" : base({Literal(cell.Type.Name)})");
            writer.Line("{");
            writer.Indent(1);
            foreach (var node in cell.TopologicalOrder.Where(n => !cell.Inputs.Contains(n)))
            {
                // The output's shape is the caller's business: its probe would be computed and never read.
                var probed = node != cell.Output;
                var edges = EdgesInto(cell, node).ToList();
                if (IsRepeated(edges))
                {
                    var input = Local(edges[0].Sources[0]);
                    for (var i = 0; i < edges[0].Placements.Count; i++)
                    {
                        var placement = edges[0].Placements[i];
                        EmitPlacement(writer, edges[0], placement, [input]);
                        var last = i == edges[0].Placements.Count - 1;
                        if (last && !probed) break;
                        var local = last ? Local(node) : Local(placement.Identifier);
                        writer.Call($"var {local} = builder.Probe", [Field(placement.Identifier), input], ";");
                        input = local;
                    }
                    continue;
                }
                foreach (var edge in edges)
                    EmitConstruction(writer, edge);
                if (!probed) continue;
                if (edges.Count == 1)
                    writer.Call($"var {Local(node)} = builder.Probe", [Field(edges[0].Name), .. edges[0].Sources.Select(Local)], ";");
                else
                    writer.Sum($"var {Local(node)} = ", edges.Select(e => $"builder.Probe({Field(e.Name)}, {e.Sources.Join(", ", Local)})").ToList(), ";");
            }
            foreach (var placement in cell.Edges.SelectMany(e => e.Placements))
                writer.Line($"register_module({Literal(placement.Identifier)}, {Field(placement.Identifier)});");
            writer.Indent(-1);
            writer.Line("}");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            using (writer.Block($"public override {names.Tensor} forward({string.Join(", ", parameters)})"))
            {
                foreach (var node in cell.TopologicalOrder.Where(n => !cell.Inputs.Contains(n)))
                {
                    var edges = EdgesInto(cell, node).ToList();
                    if (IsRepeated(edges))
                        EmitChain(writer, node, edges[0], (placement, input) => $"{Field(placement.Identifier)}.forward({input})");
                    else
                        writer.Sum($"var {Local(node)} = ", edges.Select(e => $"{Field(e.Name)}.forward({e.Sources.Join(", ", Local)})").ToList(), ";");
                }
                writer.Line($"return {Local(cell.Output)};");
            }
        }
    }

    /// <summary>A node fed by one repeated placement: its repetitions run in sequence.</summary>
    private static bool IsRepeated(List<EdgeModel> edges) => edges.Count == 1 && edges[0].Placements.Count > 1;

    /// <summary>One local per repetition, each computed from the one before; the last is the node's own local.</summary>
    private static void EmitChain(SourceWriter writer, string node, EdgeModel edge, System.Func<Placement, string, string> value)
    {
        var input = Local(edge.Sources[0]);
        for (var i = 0; i < edge.Placements.Count; i++)
        {
            var placement = edge.Placements[i];
            var local = i == edge.Placements.Count - 1 ? Local(node) : Local(placement.Identifier);
            writer.Line($"var {local} = {value(placement, input)};");
            input = local;
        }
    }

    private static void EmitPlacement(SourceWriter writer, EdgeModel edge, Placement placement, IReadOnlyList<string> sources) =>
        writer.Call($"{Field(placement.Identifier)} = new {edge.OperationFullName}.Network",
            [Enter("builder", edge, placement), .. sources, $"genotype?.{placement.GenotypeProperty}"], ";");

    private static string FieldType(EdgeModel edge, TypeNames names) => edge.Kind switch
    {
        EdgeKindModel.Mixed => names.Module(edge.Sources.Count),
        EdgeKindModel.Cell => edge.OperationFullName + ".Network",
        _ => edge.OperationFullName,
    };

    private static void EmitConstruction(SourceWriter writer, EdgeModel edge)
    {
        var sources = edge.Sources.Select(Local).ToList();
        var target = Field(edge.Name);
        switch (edge.Kind)
        {
            case EdgeKindModel.Mixed:
                writer.Call($"{target} = builder.{(IsBinary(edge) ? "Binary" : "Unary")}",
                    [Literal(edge.Name), $"{edge.OperationFullName}.Table", $"(int?)genotype?.{edge.Name}", .. sources], ";");
                break;
            case EdgeKindModel.Cell:
                EmitPlacement(writer, edge, edge.Placements[0], sources);
                break;
            default:
                writer.Call($"{target} = builder.Fixed", [Literal(edge.Name), FixedConstruction(edge), sources[0]], ";");
                break;
        }
    }

    /// <summary>The direct constructor call of a fixed module: the context first when it takes one, then the edge's Args.</summary>
    private static string FixedConstruction(EdgeModel edge)
    {
        var arguments = (edge.TakesContext ? new[] { "context" } : []).Concat(edge.ConstructorArguments);
        return $"{(edge.TakesContext ? "context" : "_")} => new {edge.OperationFullName}({string.Join(", ", arguments)})";
    }

    private static string Enter(string receiver, EdgeModel edge, Placement placement) =>
        $"{receiver}.Enter({Literal(placement.Path)}, {Literal(edge.OperationName)}, shareWeights: {Bool(edge.ShareWeights)})";

    private static void EmitScopes(SourceWriter writer, CellModel cell)
    {
        var choices = cell.Edges.Where(e => e.Kind != EdgeKindModel.Fixed).ToList();
        writer.Line();
        writer.Summary("Reports the mixed edges of this cell and of the cells it places, in topological order.");
        using (writer.Block("public static void DescribeScopes(global::NasDsl.ScopeCollector scopes)"))
        {
            foreach (var edge in choices)
            {
                if (edge.Kind == EdgeKindModel.Mixed)
                    writer.Call("scopes.Mixed", [Literal(cell.Type.Name), Literal(edge.Name), $"{edge.OperationFullName}.Table"], ";");
                else
                    foreach (var placement in edge.Placements)
                        writer.Call($"{edge.OperationFullName}.DescribeScopes", [Enter("scopes", edge, placement)], ";");
            }
        }
        writer.Line();
        writer.Summary("Reads the genotype of this placement from choices keyed by scope path.");
        var properties = GenotypeProperties(cell).ToList();
        if (properties.Count == 0)
        {
            writer.Line("public static Genotype ReadGenotype(global::NasDsl.ScopeChoices choices) => new();");
        }
        else
        {
            writer.Line("public static Genotype ReadGenotype(global::NasDsl.ScopeChoices choices) => new(");
            writer.Indent(1);
            for (var i = 0; i < properties.Count; i++)
            {
                var (edge, placement) = properties[i];
                var end = i == properties.Count - 1 ? ");" : ",";
                if (edge.Kind == EdgeKindModel.Mixed)
                    writer.Line($"{placement.GenotypeProperty}: ({edge.OperationFullName}.Op)choices.Get({Literal(edge.Name)}){end}");
                else
                    writer.Call($"{placement.GenotypeProperty}: {edge.OperationFullName}.ReadGenotype", [Enter("choices", edge, placement)], end);
            }
            writer.Indent(-1);
        }
        writer.Line();
        writer.Summary("Writes the choices of <paramref name=\"genotype\"/>, keyed by scope path.");
        using (writer.Block("public static void WriteGenotype(Genotype genotype, global::NasDsl.ScopeChoices choices)"))
        {
            foreach (var edge in choices)
            {
                if (edge.Kind == EdgeKindModel.Mixed)
                    writer.Line($"choices.Set({Literal(edge.Name)}, (int)genotype.{edge.Name});");
                else
                    foreach (var placement in edge.Placements)
                        writer.Call($"{edge.OperationFullName}.WriteGenotype",
                            [$"genotype.{placement.GenotypeProperty}", Enter("choices", edge, placement)], ";");
            }
        }
    }

    private static List<string> FormulaParameters(CellModel cell) => cell.Inputs.Select(i => $"{Formula} {Local(i)}").ToList();

    private static void EmitFormula(SourceWriter writer, CellModel cell)
    {
        writer.Line();
        writer.Summary("What the discrete network of <paramref name=\"genotype\"/> computes from its inputs, symbolically.");
        writer.Call($"public static {Formula} Formula", ["Genotype genotype", .. FormulaParameters(cell)]);
        using (writer.Block(null))
        {
            foreach (var node in cell.TopologicalOrder.Where(n => !cell.Inputs.Contains(n)))
            {
                var edges = EdgesInto(cell, node).ToList();
                if (IsRepeated(edges))
                {
                    EmitChain(writer, node, edges[0], (placement, input) => $"{edges[0].OperationFullName}.Formula(genotype.{placement.GenotypeProperty}, {input})");
                    continue;
                }
                var terms = edges.Select(FormulaTerm).ToList();
                if (terms.Count == 1)
                    writer.Line($"var {Local(node)} = {terms[0]};");
                else
                    writer.Call($"var {Local(node)} = {Formula}.Sum", terms, ";");
            }
            writer.Line($"return {Local(cell.Output)};");
        }
    }

    private static string FormulaTerm(EdgeModel edge)
    {
        var sources = edge.Sources.Join(", ", Local);
        return edge.Kind switch
        {
            EdgeKindModel.Mixed => $"{Formula}.Apply({edge.OperationFullName}.Table[(int)genotype.{edge.Name}], {sources})",
            EdgeKindModel.Cell => $"{edge.OperationFullName}.Formula(genotype.{edge.Name}, {sources})",
            _ => $"{Formula}.Call({Literal(edge.OperationName)}, {sources})",
        };
    }

    /// <summary>The space's <c>Definition</c>, and the two members of <c>IGeneratedSearchSpace</c> that are not already
    /// public: the network's constructor and the formulas per searched cell.</summary>
    private static void EmitDefinition(SourceWriter writer, CellModel cell, TypeNames names)
    {
        var name = cell.Type.Name;
        var space = $"global::NasDsl.IGeneratedSearchSpace<Genotype>";
        writer.Line();
        writer.Summary($"The runtime's view of <see cref=\"{name}\"/>: its scopes, supernet and discrete networks, and genotype mapping.");
        writer.Line($"public static global::NasDsl.SearchSpaceDefinition<Genotype> Definition {{ get; }} =");
        writer.Line(cell.DeclaresBaselines
            ? $"    global::NasDsl.SearchSpaceDefinition.For<{name}, Genotype>(baselines: static () => Baselines);"
            : $"    global::NasDsl.SearchSpaceDefinition.For<{name}, Genotype>();");
        writer.Line();
        writer.Line($"static {names.UnaryModule} {space}.BuildNetwork(");
        writer.Line($"    global::NasDsl.NetworkBuilder builder, {names.Tensor} input, Genotype? genotype) => new Network(builder, input, genotype);");
        writer.Line();

        var formulas = new List<string>();
        var usesY = false;
        if (cell.Edges.Any(e => e.Kind == EdgeKindModel.Mixed))
        {
            formulas.Add("(\"\", Formula(genotype, x))");
        }
        else
        {
            foreach (var edge in cell.Edges.Where(e => e.Kind == EdgeKindModel.Cell))
            {
                usesY |= edge.Sources.Count == 2;
                var variables = edge.Sources.Count == 1 ? "x" : "x, y";
                // Repetitions that share weights compute one formula: list it once, under the placement's name.
                foreach (var placement in edge.Placements.GroupBy(p => p.GenotypeProperty).Select(g => g.First()))
                {
                    var label = placement.GenotypeProperty == edge.Name ? edge.Name : placement.Path;
                    formulas.Add($"({Literal(label)}, {edge.OperationFullName}.Formula(genotype.{placement.GenotypeProperty}, {variables}))");
                }
            }
        }
        writer.Line(FormulasReturnType);
        writer.Line($"    {space}.Formulas(Genotype genotype)");
        using (writer.Block(null))
        {
            writer.Line($"var x = {Formula}.Var(\"x\");");
            if (usesY) writer.Line($"var y = {Formula}.Var(\"y\");");
            writer.List(formulas, ";", head: "return ");
        }
    }

    /// <summary>What a cell with NAS errors offers: the members of a valid one, throwing, so code that uses them compiles
    /// and the NAS diagnostics are the build's only errors.</summary>
    private static void EmitUnusableSurface(SourceWriter writer, CellModel cell, TypeNames names)
    {
        var error = Unusable(cell);
        var inputs = cell.Inputs.Count == 2 ? 2 : 1;
        var parameters = (cell.Inputs.Count is 1 or 2 ? cell.Inputs.Select(Local) : ["x"]).Select(i => $"{names.Tensor} {i}").ToList();
        writer.Line();
        writer.Summary($"The network of <see cref=\"{cell.Type.Name}\"/>, which cannot be built until its NAS errors are fixed.");
        writer.Line(GeneratedCode);
        using (writer.Block($"public sealed class Network : {names.Module(inputs)}"))
        {
            writer.Summary("Throws: the cell has NAS errors.");
            writer.Call("public Network", ["global::NasDsl.NetworkBuilder builder", .. parameters, "Genotype? genotype"],
                $" : base({Literal(cell.Type.Name)}) => throw {error};");
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            writer.Line($"public override {names.Tensor} forward({string.Join(", ", parameters)}) => throw {error};");
        }
        writer.Line();
        writer.Summary("Throws: the cell has NAS errors.");
        writer.Line($"public static void DescribeScopes(global::NasDsl.ScopeCollector scopes) => throw {error};");
        writer.Line();
        writer.Summary("Throws: the cell has NAS errors.");
        writer.Line($"public static Genotype ReadGenotype(global::NasDsl.ScopeChoices choices) => throw {error};");
        writer.Line();
        writer.Summary("Throws: the cell has NAS errors.");
        writer.Line($"public static void WriteGenotype(Genotype genotype, global::NasDsl.ScopeChoices choices) => throw {error};");
        writer.Line();
        writer.Summary("Throws: the cell has NAS errors.");
        var formulaParameters = cell.Inputs.Count is 1 or 2 ? string.Join(", ", FormulaParameters(cell)) : $"{Formula} x";
        writer.Line($"public static {Formula} Formula(Genotype genotype, {formulaParameters}) => throw {error};");
        if (!cell.IsSearchSpace) return;
        writer.Line();
        writer.Summary("Throws: the space has NAS errors.");
        writer.Line($"public static global::NasDsl.SearchSpaceDefinition<Genotype> Definition => throw {error};");
        writer.Line();
        writer.Summary("Throws: the space has NAS errors.");
        writer.Line($"public static global::NasDsl.SpaceStatistics Statistics => throw {error};");
        writer.Line();
        writer.Line($"static {names.UnaryModule} global::NasDsl.IGeneratedSearchSpace<Genotype>.BuildNetwork(");
        writer.Line($"    global::NasDsl.NetworkBuilder builder, {names.Tensor} input, Genotype? genotype) => throw {error};");
        writer.Line();
        writer.Line(FormulasReturnType);
        writer.Line($"    global::NasDsl.IGeneratedSearchSpace<Genotype>.Formulas(Genotype genotype) => throw {error};");
    }

    private const string FormulasReturnType = $"static global::System.Collections.Generic.IReadOnlyList<(string Label, {Formula} Formula)>";

    private static string Unusable(CellModel cell) =>
        $"new global::System.InvalidOperationException({Literal($"{cell.Type.Name} has NAS errors (see the build's diagnostics); fix them to use it.")})";

    private static string Bool(bool value) => value ? "true" : "false";
}
