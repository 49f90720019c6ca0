using System.Text.Json;
using Xunit.Abstractions;

namespace Maillage.Tests.Features.Lieux.Standard;

/// <summary>
/// Finds the third-party reference files (read in place, never copied): the folder holding Maillage.slnx,
/// then ../shared/reference/lieux/. Tests return early, with a message in their output, when it is absent.
/// </summary>
internal static class LieuxReference
{
    public static readonly string? Folder = Locate();

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Maillage.slnx")))
            {
                var folder = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "reference", "lieux"));
                return Directory.Exists(folder) ? folder : null;
            }
        }

        return null;
    }

    /// <summary>The path of a reference file, or null (and a note in the test output) when it is not available.</summary>
    public static string? File(string name, ITestOutputHelper output)
    {
        var path = Folder is null ? null : Path.Combine(Folder, name);
        if (path is null || !System.IO.File.Exists(path))
        {
            output.WriteLine($"SKIPPED: reference file '{name}' not found (expected in ../shared/reference/lieux/ beside the folder of Maillage.slnx).");
            return null;
        }

        return path;
    }

    public static SchemaField[] Schema(string path)
    {
        using var document = JsonDocument.Parse(System.IO.File.ReadAllText(path));
        return
        [
            .. document.RootElement.GetProperty("fields").EnumerateArray().Select(f =>
            {
                var constraints = f.TryGetProperty("constraints", out var c) ? c : default;
                string? Text(string name) => constraints.ValueKind == JsonValueKind.Object && constraints.TryGetProperty(name, out var v) ? v.ToString() : null;
                return new SchemaField(
                    f.GetProperty("name").GetString()!,
                    f.GetProperty("type").GetString()!,
                    Text("required") == "True",
                    Text("pattern"),
                    Text("maxLength") is { } max ? int.Parse(max, System.Globalization.CultureInfo.InvariantCulture) : null);
            }),
        ];
    }
}

internal sealed record SchemaField(string Name, string Type, bool Required, string? Pattern, int? MaxLength)
{
    private const string EnumerationPrefix = "(?:(?:^|\\|)(";
    private const string EnumerationSuffix = "))+$";

    /// <summary>The values of a multi-valued enumeration pattern "(?:(?:^|\|)(A|B|C))+$", unescaped; null otherwise.</summary>
    public IReadOnlyList<string>? Enumeration =>
        Pattern is { } p && p.StartsWith(EnumerationPrefix, StringComparison.Ordinal) && p.EndsWith(EnumerationSuffix, StringComparison.Ordinal)
            ? [.. p[EnumerationPrefix.Length..^EnumerationSuffix.Length].Split('|').Select(v => v.Replace("\\(", "(").Replace("\\)", ")").Replace("\\.", "."))]
            : null;
}
