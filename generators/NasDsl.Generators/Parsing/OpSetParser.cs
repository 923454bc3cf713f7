using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NasDsl.Generators.Diagnostics;
using NasDsl.Generators.Helpers;
using NasDsl.Generators.Model;

namespace NasDsl.Generators.Parsing;

/// <summary>Reads an [OpSet] class into an <see cref="OpSetModel"/> (NAS001, NAS006, NAS007, NAS011, NAS023).</summary>
internal static class OpSetParser
{
    public static ParseResult<OpSetModel> Parse(INamedTypeSymbol type, TypeDeclarationSyntax syntax, CancellationToken token)
    {
        if (!IsGeneratedHere(type, syntax, token)) return new ParseResult<OpSetModel>(null, EquatableArray<DiagnosticInfo>.Empty);
        if (TypeShapeRules.Problem(type, syntax, "OpSet") is { } shape) return new ParseResult<OpSetModel>(null, new[] { shape }.ToEquatableArray());
        if (!syntax.IsPartial())
            return new ParseResult<OpSetModel>(null, new[] { DiagnosticInfo.Create(DiagnosticDescriptors.TypeMustBePartial, syntax.Identifier.GetLocation(), type.Name, "OpSet") }.ToEquatableArray());

        var diagnostics = new List<DiagnosticInfo>();
        diagnostics.AddRange(ReservedNames.Check(type, "OpSet"));
        if (diagnostics.Count > 0) return new ParseResult<OpSetModel>(null, diagnostics.ToEquatableArray());

        var operations = new List<PrimitiveModel>();
        var arities = new HashSet<int>();
        var names = new HashSet<string>();
        var invalidClasses = 0;
        foreach (var member in type.GetMembers())
        {
            token.ThrowIfCancellationRequested();
            if (PrimitiveRules.ArityOf(member) is not int arity || member.IsImplicitlyDeclared) continue;
            var attribute = member.FindAttribute(arity == 1 ? KnownTypeNames.UnaryPrimitiveAttribute : KnownTypeNames.BinaryPrimitiveAttribute)!;
            PrimitiveModel? operation = null;
            if (member is IMethodSymbol method)
            {
                if (PrimitiveRules.MethodProblem(type, method, arity) is { } problem)
                {
                    diagnostics.Add(problem);
                    continue;
                }
                var (derivative, derivativeProblem) = DerivativeRules.Check(type, method.Name, arity, isClass: false, attribute);
                if (derivativeProblem is not null)
                {
                    diagnostics.Add(derivativeProblem);
                    continue;
                }
                operation = Operation(method.Name, arity, attribute, null, false) with { Derivative = derivative };
            }
            else if (member is INamedTypeSymbol nested)
            {
                // Classes are checked (and NAS007 reported) by the primitive-class step; here they are only counted.
                if (PrimitiveRules.ClassProblem(nested, arity) is not null)
                {
                    invalidClasses++;
                    continue;
                }
                if (DerivativeRules.Check(type, nested.Name, arity, isClass: true, attribute).Problem is { } derivativeProblem)
                {
                    diagnostics.Add(derivativeProblem);
                    continue;
                }
                operation = Operation(nested.Name, arity, attribute, nested.FullName(), PrimitiveRules.ConstructorKind(nested) == true);
            }
            if (operation is null) continue;
            arities.Add(arity);
            if (!names.Add(operation.Name))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateOperationName, member.IdentifierLocation(), type.Name, operation.Name));
                continue;
            }
            operations.Add(operation);
        }

        if (operations.Count == 0 && diagnostics.Count == 0 && invalidClasses == 0)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OpSetEmpty, syntax.Identifier.GetLocation(), type.Name));
        else if (arities.Count > 1)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OpSetMixesArities, syntax.Identifier.GetLocation(), type.Name));

        var model = diagnostics.Count == 0 && invalidClasses == 0 ? new OpSetModel(type.ToTypeLocation(), arities.Single(), operations.ToEquatableArray()) : null;
        return new ParseResult<OpSetModel>(model, diagnostics.ToEquatableArray());
    }

    /// <summary>Whether this declaration's transform builds the op set: the first declaration carrying [OpSet], of a
    /// named, non-generic type.</summary>
    private static bool IsGeneratedHere(INamedTypeSymbol type, TypeDeclarationSyntax syntax, CancellationToken token) =>
        !syntax.Identifier.IsMissing && type.PrimaryDeclaration(KnownTypeNames.OpSetAttribute, token).IsSameNode(syntax);

    /// <summary>The arity of an op set as a cell edge sees it, or null when the op set is unusable (its own diagnostics say why).</summary>
    public static int? ArityOf(INamedTypeSymbol opSet)
    {
        var arities = opSet.GetMembers().Select(PrimitiveRules.ArityOf).Where(a => a is not null).Distinct().ToList();
        return arities.Count == 1 ? arities[0] : null;
    }

    private static PrimitiveModel Operation(string name, int arity, AttributeData attribute, string? classFullName, bool takesContext)
    {
        var symbol = AttributeReader.Named<string>(attribute, "Symbol")
            ?? (arity == 1 ? name.ToLowerInvariant() + "({0})" : name.ToLowerInvariant() + "({0}, {1})");
        var templates = new ExportTemplates(
            AttributeReader.Named<string>(attribute, "PyTorch"),
            AttributeReader.Named<string>(attribute, "TorchSharp"),
            AttributeReader.Named<string>(attribute, "Latex"));
        return new PrimitiveModel(name, symbol, AttributeReader.Named<bool>(attribute, "IsZero"), classFullName, takesContext) { Templates = templates };
    }
}
