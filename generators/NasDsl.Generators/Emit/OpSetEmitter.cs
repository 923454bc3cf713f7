using System.Collections.Generic;
using NasDsl.Generators.Model;
using static NasDsl.Generators.Emit.EmitHelpers;

namespace NasDsl.Generators.Emit;

/// <summary>Emits an op set's <c>Op</c> enum and its <c>Table</c>.</summary>
internal static class OpSetEmitter
{
    public static string Emit(OpSetModel model)
    {
        var writer = new SourceWriter();
        var blocks = OpenType(writer, model.Type, $"static partial class {model.Type.Name}");

        writer.Line($"/// <summary>The operations of <see cref=\"{model.Type.Name}\"/>, in declaration order.</summary>");
        using (writer.Block("public enum Op"))
        {
            foreach (var operation in model.Operations)
            {
                writer.Line($"/// <summary><c>{System.Security.SecurityElement.Escape(Applied(operation.Symbol))}</c></summary>");
                writer.Line($"{operation.Name},");
            }
        }
        writer.Line();
        writer.Line($"/// <summary>Name, arity, symbol and implementation of every operation of <see cref=\"{model.Type.Name}\"/>.</summary>");
        writer.Line(GeneratedCode);
        writer.Line($"public static global::NasDsl.OpTable Table {{ get; }} = new(");
        writer.Line($"    {Literal(model.Type.Name)},");
        writer.Line($"    {Int(model.Arity)},");
        for (var i = 0; i < model.Operations.Count; i++)
        {
            var operation = model.Operations[i];
            var info = $"new global::NasDsl.OpInfo({Literal(operation.Name)}, {Int(model.Arity)}, {Literal(operation.Symbol)}, {(operation.IsZero ? "true" : "false")})";
            var end = i == model.Operations.Count - 1 ? ");" : ",";
            writer.Indent(1);
            writer.Initializer(info, Members(model.Arity, operation), end);
            writer.Indent(-1);
        }
        CloseAll(writer, blocks);
        return writer.ToString();
    }

    /// <summary>What an operation's <c>OpInfo</c> initializer sets: its implementation and derivative, or its factory, and
    /// its export templates.</summary>
    private static List<string> Members(int arity, PrimitiveModel operation)
    {
        var members = new List<string>();
        if (operation.ClassFullName is not null)
        {
            members.Add(operation.TakesContext ? $"Factory = context => new {operation.ClassFullName}(context)" : $"Factory = _ => new {operation.ClassFullName}()");
        }
        else
        {
            members.Add($"{(arity == 1 ? "Unary" : "Binary")} = {operation.Name}");
            if (operation.Derivative is { } derivative) members.Add($"{(arity == 1 ? "UnaryDerivative" : "BinaryDerivative")} = {derivative}");
        }
        members.AddRange(Templates(operation.Templates));
        return members;
    }

    /// <summary>A symbol as a reader sees it applied: <c>relu({0})</c> becomes <c>relu(x)</c>, <c>{0} + {1}</c> <c>x + y</c>.</summary>
    private static string Applied(string symbol) => symbol.Replace("{0}", "x").Replace("{1}", "y");

    // Only the declared templates, so op sets without any emit what they did before.
    private static IEnumerable<string> Templates(ExportTemplates templates)
    {
        if (templates.PyTorch is { } pyTorch) yield return $"PyTorch = {Literal(pyTorch)}";
        if (templates.TorchSharp is { } torchSharp) yield return $"TorchSharp = {Literal(torchSharp)}";
        if (templates.Latex is { } latex) yield return $"Latex = {Literal(latex)}";
    }
}
