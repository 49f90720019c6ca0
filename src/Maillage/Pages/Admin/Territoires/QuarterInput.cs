using System.ComponentModel.DataAnnotations;
using Maillage.Data;
using Maillage.Features.Territoires;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Pages.Admin.Territoires;

/// <summary>What a user types to add or edit a quartier.</summary>
public sealed class QuarterInput
{
    [Required(ErrorMessage = "Le nom du quartier est obligatoire.")]
    [StringLength(100, MinimumLength = 2, ErrorMessage = "Le nom du quartier doit comporter entre 2 et 100 caractères.")]
    public string? Name { get; set; }

    public bool IsPriorityArea { get; set; }

    /// <summary>Concurrency token read with the quartier (edit only).</summary>
    public uint? Version { get; set; }

    /// <summary>"Un quartier nommé … existe déjà" when another quartier of the commune has the same name (case and accents ignored).</summary>
    public static async Task<string?> DuplicateNameErrorAsync(AppDbContext db, Territory commune, string name, int? exceptId, CancellationToken ct = default)
    {
        var siblings = await db.Territories.AsNoTracking()
            .Where(t => t.ParentId == commune.Id && t.Kind == TerritoryKind.Quartier && t.Id != exceptId)
            .Select(t => t.Name)
            .ToListAsync(ct);
        var same = siblings.FirstOrDefault(s => TerritoryTrail.SameName(s, name));
        return same is null ? null : $"Un quartier nommé « {same} » existe déjà dans {commune.Name} : choisissez un autre nom.";
    }
}
