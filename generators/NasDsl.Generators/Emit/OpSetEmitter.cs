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
                writer.Line($"/// <summary><c>{System.Security.SecurityElement.Escape(operation.Symbol)}</c></summary>\n{operation.Name},");
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
            var body = operation.ClassFullName is null
                ? $"{(model.Arity == 1 ? "Unary" : "Binary")} = {operation.Name}"
                  + (operation.Derivative is { } derivative ? $", {(model.Arity == 1 ? "UnaryDerivative" : "BinaryDerivative")} = {derivative}" : "")
                : operation.TakesContext
                    ? $"Factory = context => new {operation.ClassFullName}(context)"
                    : $"Factory = _ => new {operation.ClassFullName}()";
            body += Templates(operation.Templates);
            writer.Line($"    {info} {{ {body} }}{(i == model.Operations.Count - 1 ? ");" : ",")}");
        }
        CloseAll(writer, blocks);
        return writer.ToString();
    }

    // Only the declared templates, so op sets without any emit what they did before.
    private static string Templates(ExportTemplates templates) =>
        (templates.PyTorch is { } pyTorch ? $", PyTorch = {Literal(pyTorch)}" : "")
        + (templates.TorchSharp is { } torchSharp ? $", TorchSharp = {Literal(torchSharp)}" : "")
        + (templates.Latex is { } latex ? $", Latex = {Literal(latex)}" : "");
}
