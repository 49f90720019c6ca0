using Maillage.Features.Agenda;

namespace Maillage.Pages.Agenda;

/// <summary>What the file chooser shows: the person as they gave their name, the linked file, the matches, where to create one.</summary>
public sealed record NamedFileChooser(string ContactName, FileCandidate? Linked, IReadOnlyList<FileCandidate> Candidates, string? Query, string CreateUrl, string LinkedMeaning);
