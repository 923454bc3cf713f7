using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NasDsl.Generators.Diagnostics;
using NasDsl.Generators.Emit;
using NasDsl.Generators.Helpers;
using NasDsl.Generators.Model;
using NasDsl.Generators.Parsing;
using NasDsl.Generators.Registry;

namespace NasDsl.Generators;

/// <summary>
/// Turns [OpSet], [Cell] and [SearchSpace] partial classes into op tables, typed networks, genotypes and scope
/// registration, and reports wiring mistakes as NAS diagnostics.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SearchSpaceGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // 1. Find attributed classes; parse and validate each in its transform, which re-runs on every edit of its
        //    file and so must return equal values when nothing relevant changed (models hold no symbols).
        var opSets = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownTypeNames.OpSetAttribute, static (node, _) => node is TypeDeclarationSyntax,
                static (ctx, token) => OpSetParser.Parse((INamedTypeSymbol)ctx.TargetSymbol, (TypeDeclarationSyntax)ctx.TargetNode, token))
            .WithTrackingName(TrackingNames.ParseOpSet);

        var cells = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownTypeNames.CellAttribute, static (node, _) => node is TypeDeclarationSyntax,
                static (ctx, token) => CellParser.Parse((INamedTypeSymbol)ctx.TargetSymbol, (TypeDeclarationSyntax)ctx.TargetNode, isSearchSpace: false, token))
            .WithTrackingName(TrackingNames.ParseCell);

        var spaces = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownTypeNames.SearchSpaceAttribute, static (node, _) => node is TypeDeclarationSyntax,
                static (ctx, token) => CellParser.Parse((INamedTypeSymbol)ctx.TargetSymbol, (TypeDeclarationSyntax)ctx.TargetNode, isSearchSpace: true, token))
            .WithTrackingName(TrackingNames.ParseCell);

        // Primitive classes anywhere (nested in an op set or used as a fixed Op) are checked once here (NAS007).
        var unaryClasses = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownTypeNames.UnaryPrimitiveAttribute, static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, _) => PrimitiveClassDiagnostics((INamedTypeSymbol)ctx.TargetSymbol, 1))
            .WithTrackingName(TrackingNames.ParsePrimitive);
        var binaryClasses = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownTypeNames.BinaryPrimitiveAttribute, static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, _) => PrimitiveClassDiagnostics((INamedTypeSymbol)ctx.TargetSymbol, 2))
            .WithTrackingName(TrackingNames.ParsePrimitive);

        // 2. Emit from the models alone, so a diagnostic whose span moved never re-emits code.
        var opSetModels = opSets.Select(static (r, _) => r.Model).Where(static m => m is not null).WithTrackingName(TrackingNames.OpSetModels);
        var cellModels = cells.Collect().Combine(spaces.Collect())
            .SelectMany(static (pair, _) => pair.Left.Concat(pair.Right).Select(r => r.Model).Where(m => m is not null).ToImmutableArray())
            .WithTrackingName(TrackingNames.CellModels);
        var files = opSetModels.Collect().Combine(cellModels.Collect())
            .SelectMany(static (pair, _) => HintNames.Assign(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.GeneratedFiles);
        context.RegisterSourceOutput(files, static (spc, file) =>
            spc.AddSource(file.HintName, file.OpSet is not null ? OpSetEmitter.Emit(file.OpSet) : CellEmitter.Emit(file.Cell!)));

        // 3. Report each transform's diagnostics from its own stream, never combined with the compilation: a diagnostic
        //    carries the location its syntax gave, inside the compilation's own tree, so #pragma warning disable applies.
        ReportDiagnostics(context, opSets.Select(static (r, _) => r.Diagnostics));
        ReportDiagnostics(context, cells.Select(static (r, _) => r.Diagnostics));
        ReportDiagnostics(context, spaces.Select(static (r, _) => r.Diagnostics));
        ReportDiagnostics(context, unaryClasses);
        ReportDiagnostics(context, binaryClasses);

        // 4. Each valid space's statistics and the assembly's space registry (Registry/), for hosts.
        var validSpaces = cellModels.Where(static m => m!.IsSearchSpace && m.IsValid).Select(static (m, _) => m!.Type.FullName).Collect();
        var statistics = context.SyntaxProvider
            .ForAttributeWithMetadataName(KnownTypeNames.SearchSpaceAttribute, static (node, _) => node is TypeDeclarationSyntax,
                static (ctx, token) => SpaceStatisticsReader.Read((INamedTypeSymbol)ctx.TargetSymbol, token))
            .WithTrackingName(TrackingNames.CountSpace)
            .Where(static s => s is not null)
            .Collect()
            .Combine(validSpaces)
            .Select(static (pair, _) => pair.Left.Where(s => pair.Right.Contains(s!.Type.FullName)).Select(s => s!).Distinct().ToEquatableArray())
            .WithTrackingName(TrackingNames.SpaceStatistics);
        context.RegisterSourceOutput(statistics, static (spc, spaces) =>
        {
            if (spaces.Count == 0) return;
            foreach (var (hintName, space) in SpaceRegistryEmitter.AssignHintNames(spaces))
                spc.AddSource(hintName, SpaceRegistryEmitter.EmitStatistics(space));
            spc.AddSource(SpaceRegistryEmitter.RegistryHintName, SpaceRegistryEmitter.EmitRegistry(spaces));
        });
    }

    private static void ReportDiagnostics(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics) =>
        context.RegisterSourceOutput(diagnostics, static (spc, infos) =>
        {
            foreach (var info in infos) spc.ReportDiagnostic(info.ToDiagnostic());
        });

    private static EquatableArray<DiagnosticInfo> PrimitiveClassDiagnostics(INamedTypeSymbol type, int arity)
    {
        var problem = PrimitiveRules.ClassProblem(type, arity);
        return problem is null ? EquatableArray<DiagnosticInfo>.Empty : new[] { problem }.ToEquatableArray();
    }
}
