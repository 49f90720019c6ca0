using System.Globalization;
using Maillage.Data;
using Maillage.Features.Accompagnements.Beneficiaires;
using Maillage.Features.Audit;
using Maillage.Features.Lieux.Standard;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Materiel.Campaigns;

public enum CampaignOutcome
{
    Saved,
    Invalid,
    NotFound,
    Forbidden,
    Conflict,
}

public sealed record CampaignResult(CampaignOutcome Outcome, int? Id, IReadOnlyDictionary<string, string[]> Errors)
{
    public static CampaignResult Saved(int id) => new(CampaignOutcome.Saved, id, new Dictionary<string, string[]>());

    public static CampaignResult Invalid(IReadOnlyDictionary<string, string[]> errors) => new(CampaignOutcome.Invalid, null, errors);

    public static CampaignResult Invalid(string key, string message) => Invalid(new Dictionary<string, string[]> { [key] = [message] });

    public static CampaignResult Conflict(string message) => new(CampaignOutcome.Conflict, null, new Dictionary<string, string[]> { [""] = [message] });

    public static readonly CampaignResult NotFound = new(CampaignOutcome.NotFound, null, new Dictionary<string, string[]>());

    public static readonly CampaignResult Forbidden = new(CampaignOutcome.Forbidden, null, new Dictionary<string, string[]>());

    /// <summary>The first message, for a banner or a problem's detail.</summary>
    public string Message => Errors.Values.SelectMany(m => m).FirstOrDefault() ?? "";
}

/// <summary>
/// Campaigns of reconditioned computers: the campaign and its stock, people referred by the prescribers (with their consent),
/// the attribution of a device as a loan or a donation, the signed agreement, the return, and the erasure of a person's data.
/// Every check in French keyed by field; the item's history and the journal (never a person's name) follow each change.
/// </summary>
public sealed class CampaignService(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public const string Target = "campagne";
    public const string ReferralTarget = "orientation-materiel";

    public DateOnly Today => DateOnly.FromDateTime(Shared.Web.ParisTime.ToParis(clock.GetUtcNow()).DateTime);

    /// <summary>Open to referrals: active, started and not yet ended.</summary>
    public static bool IsOpen(Campaign c, DateOnly today) => c.IsActive && c.StartsOn <= today && (c.EndsOn is null || c.EndsOn >= today);

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    // ---- Campaigns -------------------------------------------------------------------------------------------------

    public async Task<CampaignResult> SaveCampaignAsync(CampaignAccess access, int? id, CampaignInput input, uint? version, CancellationToken ct = default)
    {
        if (!access.CanManage)
        {
            return CampaignResult.Forbidden;
        }

        Campaign? campaign = null;
        if (id is not null)
        {
            campaign = await access.Campaigns(db.Campaigns).Include(c => c.Prescribers).FirstOrDefaultAsync(c => c.Id == id, ct);
            if (campaign is null)
            {
                return CampaignResult.NotFound;
            }

            if (!access.Manages(campaign.OrganizationId))
            {
                return CampaignResult.Forbidden;
            }

            if (version is not null && campaign.Version != version)
            {
                return CampaignResult.Conflict("Cette campagne vient d'être modifiée par quelqu'un d'autre : rechargez la page pour voir ses nouvelles valeurs.");
            }
        }

        var errors = new Dictionary<string, string[]>();
        void Add(string key, string message) => errors[key] = [.. errors.GetValueOrDefault(key) ?? [], message];

        var name = Clean(input.Name);
        if (name is null)
        {
            Add(nameof(CampaignInput.Name), "Indiquez le nom de la campagne.");
        }
        else if (name.Length > 200)
        {
            Add(nameof(CampaignInput.Name), "Le nom ne doit pas dépasser 200 caractères.");
        }
        else if (await db.Campaigns.AnyAsync(c => c.Name == name && c.Id != (id ?? 0), ct))
        {
            Add(nameof(CampaignInput.Name), $"Une campagne s'appelle déjà « {name} » : choisissez un autre nom.");
        }

        var eligibility = Clean(input.Eligibility);
        if (eligibility is null)
        {
            Add(nameof(CampaignInput.Eligibility), "Indiquez les critères d'éligibilité (qui peut recevoir un ordinateur).");
        }
        else if (eligibility.Length > 1000)
        {
            Add(nameof(CampaignInput.Eligibility), "Les critères ne doivent pas dépasser 1 000 caractères.");
        }

        var description = Clean(input.Description);
        if (description is { Length: > 2000 })
        {
            Add(nameof(CampaignInput.Description), "La description ne doit pas dépasser 2 000 caractères.");
        }

        if (input.TargetCount is { } target && (target < 1 || target > 1_000_000))
        {
            Add(nameof(CampaignInput.TargetCount), "L'objectif doit être un nombre d'ordinateurs entre 1 et 1 000 000.");
        }

        if (input.StartsOn is null)
        {
            Add(nameof(CampaignInput.StartsOn), "Indiquez la date de début de la campagne.");
        }
        else if (input.EndsOn is { } end && end < input.StartsOn)
        {
            Add(nameof(CampaignInput.EndsOn), "La date de fin doit être après la date de début.");
        }

        if (input.OrganizationId is not { } owner || !access.Manages(owner) || !await db.Organizations.AnyAsync(o => o.Id == owner, ct))
        {
            Add(nameof(CampaignInput.OrganizationId), "Choisissez dans la liste la structure qui porte la campagne.");
        }

        var prescriberIds = input.PrescriberIds.Distinct().ToList();
        if (prescriberIds.Count == 0)
        {
            Add(nameof(CampaignInput.PrescriberIds), "Choisissez au moins une structure prescriptrice (par exemple la Mission locale).");
        }
        else if (await db.Organizations.CountAsync(o => prescriberIds.Contains(o.Id), ct) != prescriberIds.Count)
        {
            Add(nameof(CampaignInput.PrescriberIds), "Une des structures prescriptrices n'existe pas : choisissez-les dans la liste.");
        }

        if (errors.Count > 0)
        {
            return CampaignResult.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        if (campaign is null)
        {
            campaign = new Campaign { Name = name!, Eligibility = eligibility!, CreatedAt = now };
            db.Campaigns.Add(campaign);
        }

        campaign.Name = name!;
        campaign.Eligibility = eligibility!;
        campaign.Description = description;
        campaign.TargetCount = input.TargetCount;
        campaign.StartsOn = input.StartsOn!.Value;
        campaign.EndsOn = input.EndsOn;
        campaign.OrganizationId = input.OrganizationId!.Value;
        campaign.IsActive = input.IsActive;
        campaign.Prescribers.RemoveAll(p => !prescriberIds.Contains(p.OrganizationId));
        foreach (var prescriber in prescriberIds.Where(p => campaign.Prescribers.All(x => x.OrganizationId != p)))
        {
            campaign.Prescribers.Add(new CampaignPrescriber { OrganizationId = prescriber });
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return CampaignResult.Conflict("Cette campagne vient d'être modifiée par quelqu'un d'autre : rechargez la page pour voir ses nouvelles valeurs.");
        }
        catch (DbUpdateException e) when (Agenda.Booking.BookingService.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return CampaignResult.Invalid(nameof(CampaignInput.Name), $"Une campagne s'appelle déjà « {name} » : choisissez un autre nom.");
        }

        audit.Record(AuditActions.CampaignChanged, Target, Id(campaign.Id), id is null ? $"Campagne n° {Id(campaign.Id)} créée" : $"Campagne n° {Id(campaign.Id)} modifiée");
        await db.SaveChangesAsync(ct);
        return CampaignResult.Saved(campaign.Id);
    }

    /// <summary>
    /// Moves items into the campaign's stock: the tags typed (one per line, or separated by spaces or commas), or every available
    /// item of a category owned by the campaign's organization. All or nothing: one wrong tag and nothing moves.
    /// </summary>
    public async Task<(CampaignResult Result, int Moved)> AssignStockAsync(CampaignAccess access, int campaignId, string? tags, int? categoryId, string? actorName, CancellationToken ct = default)
    {
        var campaign = await access.Campaigns(db.Campaigns.AsNoTracking()).FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (campaign is null)
        {
            return (CampaignResult.NotFound, 0);
        }

        if (!access.Manages(campaign.OrganizationId))
        {
            return (CampaignResult.Forbidden, 0);
        }

        var owned = db.Items.Where(i => i.OrganizationId == campaign.OrganizationId);
        List<int> ids;
        var typed = (tags ?? "").Split([' ', ',', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(AssetTags.Normalize).Distinct().ToList();
        if (typed.Count > 0)
        {
            if (typed.Count > 2000)
            {
                return (CampaignResult.Invalid("Tags", "Pas plus de 2 000 étiquettes à la fois."), 0);
            }

            var found = await owned.Where(i => typed.Contains(i.AssetTag)).Select(i => new { i.Id, i.AssetTag, i.Status, i.KitId, i.CampaignId }).ToListAsync(ct);
            var problems = new List<string>();
            var unknown = typed.Except(found.Select(f => f.AssetTag)).ToList();
            if (unknown.Count > 0)
            {
                problems.Add($"Étiquette(s) inconnue(s) parmi les objets de la structure : {string.Join(", ", unknown.Take(20))}{(unknown.Count > 20 ? "…" : "")}.");
            }

            var busy = found.Where(f => f.CampaignId != campaignId && (f.Status != ItemStatus.Available || f.KitId is not null || f.CampaignId is not null)).Select(f => f.AssetTag).ToList();
            if (busy.Count > 0)
            {
                problems.Add($"Objet(s) non disponible(s), dans un kit ou déjà dans une autre campagne : {string.Join(", ", busy.Take(20))}{(busy.Count > 20 ? "…" : "")}.");
            }

            if (problems.Count > 0)
            {
                return (CampaignResult.Invalid(new Dictionary<string, string[]> { ["Tags"] = [.. problems] }), 0);
            }

            ids = [.. found.Where(f => f.CampaignId != campaignId).Select(f => f.Id)];
        }
        else if (categoryId is { } category)
        {
            ids = await owned.Where(i => i.CategoryId == category && i.Status == ItemStatus.Available && i.KitId == null && i.CampaignId == null).Select(i => i.Id).ToListAsync(ct);
            if (ids.Count == 0)
            {
                return (CampaignResult.Invalid("CategoryId", "Aucun objet disponible de cette catégorie (hors kits et autres campagnes) à ajouter au stock."), 0);
            }
        }
        else
        {
            return (CampaignResult.Invalid("Tags", "Tapez ou scannez les étiquettes des ordinateurs, ou choisissez une catégorie."), 0);
        }

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var moved = await db.Items.Where(i => ids.Contains(i.Id) && i.CampaignId == null && i.Status == ItemStatus.Available && i.KitId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.CampaignId, campaignId).SetProperty(i => i.ModifiedAt, now).SetProperty(i => i.Version, i => i.Version + 1), ct);
        if (moved != ids.Count)
        {
            await tx.RollbackAsync(ct);
            return (CampaignResult.Conflict("Certains objets viennent de changer (réservés, prêtés ou mis dans une autre campagne) : rechargez la page et recommencez."), 0);
        }

        db.ItemEvents.AddRange(ids.Select(i => new ItemEvent { ItemId = i, Kind = ItemEventKind.Edited, Text = $"Ajouté au stock de la campagne « {campaign.Name} ».", ActorName = actorName, At = now }));
        audit.Record(AuditActions.CampaignChanged, Target, Id(campaignId), $"{moved} objet(s) ajouté(s) au stock de la campagne n° {Id(campaignId)}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (CampaignResult.Saved(campaignId), moved);
    }

    // ---- Referrals ---------------------------------------------------------------------------------------------------

    /// <summary>The prescribing organizations the user may refer for in this campaign (all of them for its managers).</summary>
    public async Task<List<(int Id, string Name)>> PrescribersForAsync(CampaignAccess access, Campaign campaign, CancellationToken ct = default)
    {
        var ids = campaign.Prescribers.Select(p => p.OrganizationId).ToList();
        if (!access.Manages(campaign.OrganizationId))
        {
            ids = [.. ids.Intersect(access.Prescribing)];
        }

        return [.. (await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).OrderBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync(ct)).Select(o => (o.Id, o.Name))];
    }

    /// <summary>The consent text of the campaign, as the form shows it and the referral stores it.</summary>
    public async Task<string> ConsentPurposeAsync(Campaign campaign, CancellationToken ct = default)
    {
        var owner = await db.Organizations.AsNoTracking().Where(o => o.Id == campaign.OrganizationId).Select(o => o.Name).FirstOrDefaultAsync(ct);
        return CampaignConsent.Purpose(campaign.Name, owner ?? "La structure porteuse");
    }

    public async Task<CampaignResult> ReferAsync(CampaignAccess access, int campaignId, ReferralInput input, string? actorId, string? actorName, CancellationToken ct = default)
    {
        var campaign = await access.Campaigns(db.Campaigns.AsNoTracking()).Include(c => c.Prescribers).FirstOrDefaultAsync(c => c.Id == campaignId, ct);
        if (campaign is null)
        {
            return CampaignResult.NotFound;
        }

        var allowed = await PrescribersForAsync(access, campaign, ct);
        if (allowed.Count == 0)
        {
            return CampaignResult.Forbidden;
        }

        var today = Today;
        if (!IsOpen(campaign, today))
        {
            return CampaignResult.Invalid("", campaign.IsActive && campaign.StartsOn > today
                ? $"La campagne commence le {campaign.StartsOn.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("fr-FR"))} : les orientations ouvriront ce jour-là."
                : "La campagne est close : elle ne reçoit plus d'orientations.");
        }

        var errors = new Dictionary<string, string[]>();
        void Add(string key, string message) => errors[key] = [.. errors.GetValueOrDefault(key) ?? [], message];

        var prescriberId = input.PrescriberOrganizationId ?? (allowed.Count == 1 ? allowed[0].Id : null);
        if (prescriberId is null || allowed.All(a => a.Id != prescriberId))
        {
            Add(nameof(ReferralInput.PrescriberOrganizationId), "Choisissez dans la liste la structure qui oriente la personne.");
        }

        var first = Clean(input.FirstName);
        var last = Clean(input.LastName);
        if (first is null)
        {
            Add(nameof(ReferralInput.FirstName), "Indiquez le prénom de la personne.");
        }
        else if (first.Length > 100)
        {
            Add(nameof(ReferralInput.FirstName), "Le prénom ne doit pas dépasser 100 caractères.");
        }

        if (last is null)
        {
            Add(nameof(ReferralInput.LastName), "Indiquez le nom de la personne.");
        }
        else if (last.Length > 100)
        {
            Add(nameof(ReferralInput.LastName), "Le nom ne doit pas dépasser 100 caractères.");
        }

        var earliest = today.Year - 110;
        if (input.BirthYear is { } year && (year < earliest || year > today.Year))
        {
            Add(nameof(ReferralInput.BirthYear), $"L'année de naissance doit être comprise entre {earliest} et {today.Year}.");
        }

        string? communeCode = null, communeName = null;
        if (Clean(input.Commune) is { } communeText)
        {
            var departement = await db.Organizations.Where(o => o.Id == campaign.OrganizationId).Select(o => o.Commune!.Code).FirstOrDefaultAsync(ct);
            var (match, error) = BeneficiaryCommunes.Resolve(communeText, departement is { Length: >= 2 } ? departement[..2] : null);
            if (match is null)
            {
                Add(nameof(ReferralInput.Commune), error ?? "Commune inconnue : choisissez-la dans la liste.");
            }
            else
            {
                (communeCode, communeName) = (match.Code, match.Name);
            }
        }

        string? phone = null;
        if (Clean(input.Phone) is { } rawPhone)
        {
            phone = BeneficiaryRules.NormalizePhone(rawPhone);
            if (phone is null)
            {
                Add(nameof(ReferralInput.Phone), "Le numéro de téléphone doit être un numéro français à 10 chiffres, par exemple 06 12 34 56 78 ou +33 6 12 34 56 78.");
            }
        }

        var email = Clean(input.Email);
        if (email is not null && (email.Length > 254 || !PlaceVocabulary.IsValidEmail(email)))
        {
            Add(nameof(ReferralInput.Email), "L'adresse e-mail n'est pas valide (exemple : prenom.nom@exemple.fr).");
        }

        var need = Clean(input.Need);
        if (need is { Length: > 500 })
        {
            Add(nameof(ReferralInput.Need), $"Le besoin ne doit pas dépasser 500 caractères (il en a {need.Length}).");
        }

        if (!input.Consent)
        {
            Add(nameof(ReferralInput.Consent), "Le consentement de la personne est obligatoire : lisez-lui le texte ci-dessus et cochez la case avec son accord.");
        }

        if (errors.Count > 0)
        {
            return CampaignResult.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var referral = new Referral
        {
            CampaignId = campaignId,
            PrescriberOrganizationId = prescriberId!.Value,
            FirstName = first,
            LastName = last,
            BirthYear = input.BirthYear,
            CommuneCode = communeCode,
            CommuneName = communeName,
            Phone = phone,
            Email = email,
            Need = need,
            ConsentAt = now,
            ConsentPurpose = await ConsentPurposeAsync(campaign, ct),
            CreatedById = actorId,
            CreatedByName = actorName,
            Status = ReferralStatus.Referred,
            CreatedAt = now,
            ModifiedAt = now,
        };
        db.Referrals.Add(referral);
        await db.SaveChangesAsync(ct);
        audit.Record(AuditActions.ReferralCreated, ReferralTarget, Id(referral.Id), $"Orientation n° {Id(referral.Id)} vers la campagne n° {Id(campaignId)}, avec le consentement de la personne");
        await db.SaveChangesAsync(ct);
        return CampaignResult.Saved(referral.Id);
    }

    /// <summary>The referral the user sees, with its campaign; null when out of their scope.</summary>
    public Task<Referral?> FindReferralAsync(CampaignAccess access, int id, CancellationToken ct = default) =>
        access.Referrals(db.Referrals.AsNoTracking()).Include(r => r.Campaign).Include(r => r.Prescriber).Include(r => r.Item).ThenInclude(i => i!.Category)
            .FirstOrDefaultAsync(r => r.Id == id, ct);

    /// <summary>Journals that someone opened the person's details.</summary>
    public async Task RecordReadAsync(int referralId, CancellationToken ct = default)
    {
        audit.Record(AuditActions.ReferralRead, ReferralTarget, Id(referralId), $"Consultation de l'orientation n° {Id(referralId)}");
        await db.SaveChangesAsync(ct);
    }

    private async Task<(Referral? Referral, CampaignResult? Refusal)> ManagedReferralAsync(CampaignAccess access, int id, CancellationToken ct)
    {
        var referral = await FindReferralAsync(access, id, ct);
        if (referral is null)
        {
            return (null, CampaignResult.NotFound);
        }

        return access.Manages(referral.Campaign!.OrganizationId) ? (referral, null) : (null, CampaignResult.Forbidden);
    }

    private static string StatusRefusal(Referral r) => r.AnonymisedAt is not null
        ? "Les données de cette personne ont été effacées : l'orientation ne peut plus changer."
        : r.Status switch
        {
            ReferralStatus.Attributed => "Cette personne est déjà équipée.",
            ReferralStatus.Returned => "Le matériel a déjà été rendu : l'orientation est terminée.",
            ReferralStatus.Declined => "Cette orientation n'a pas été retenue.",
            ReferralStatus.Withdrawn => "Cette orientation a été retirée.",
            _ => "Cette orientation attend encore l'attribution d'un ordinateur.",
        };

    /// <summary>
    /// Hands over a device of the campaign's stock: a loan until a due date, or a donation. The item is taken only if it is
    /// still available (conditional update) and the filtered unique index on Referral.ItemId stops a second live attribution:
    /// two coordinators choosing the same device at once get one success and one clear refusal.
    /// </summary>
    public async Task<CampaignResult> AttributeAsync(CampaignAccess access, int referralId, AttributionInput input, string? actorName, CancellationToken ct = default)
    {
        var (referral, refusal) = await ManagedReferralAsync(access, referralId, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (referral!.Status != ReferralStatus.Referred || referral.AnonymisedAt is not null)
        {
            return CampaignResult.Invalid("", StatusRefusal(referral));
        }

        var errors = new Dictionary<string, string[]>();
        var today = Today;
        Item? item = null;
        if (input.ItemId is not { } itemId)
        {
            errors[nameof(AttributionInput.ItemId)] = ["Choisissez un ordinateur du stock de la campagne."];
        }
        else
        {
            item = await db.Items.AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId && i.CampaignId == referral.CampaignId, ct);
            if (item is null)
            {
                errors[nameof(AttributionInput.ItemId)] = ["Cet objet n'est pas dans le stock de la campagne : choisissez-le dans la liste."];
            }
            else if (item.Status != ItemStatus.Available)
            {
                errors[nameof(AttributionInput.ItemId)] = [$"{item.AssetTag} n'est pas disponible (« {FleetText.Status(item.Status).ToLowerInvariant()} ») : choisissez un autre ordinateur."];
            }
        }

        if (input.Kind is null)
        {
            errors[nameof(AttributionInput.Kind)] = ["Choisissez un prêt (avec une date de retour) ou un don."];
        }
        else if (input.Kind == AttributionKind.Loan)
        {
            if (input.DueDate is not { } due)
            {
                errors[nameof(AttributionInput.DueDate)] = ["Indiquez la date de retour du prêt."];
            }
            else if (due <= today)
            {
                errors[nameof(AttributionInput.DueDate)] = ["La date de retour doit être après aujourd'hui."];
            }
            else if (due > today.AddYears(5))
            {
                errors[nameof(AttributionInput.DueDate)] = ["Un prêt ne dure pas plus de 5 ans : pour le donner, choisissez « Don »."];
            }
        }

        if (errors.Count > 0)
        {
            return CampaignResult.Invalid(errors);
        }

        var kind = input.Kind!.Value;
        DateOnly? dueDate = kind == AttributionKind.Loan ? input.DueDate : null;
        var target = kind == AttributionKind.Loan ? ItemStatus.OnLoan : ItemStatus.Donated;
        var now = clock.GetUtcNow();
        const string Taken = "Cet ordinateur vient d'être attribué à quelqu'un d'autre : choisissez-en un autre dans la liste.";
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            var taken = await db.Items.Where(i => i.Id == item!.Id && i.CampaignId == referral.CampaignId && i.Status == ItemStatus.Available)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, target).SetProperty(i => i.ModifiedAt, now).SetProperty(i => i.Version, i => i.Version + 1), ct);
            if (taken == 0)
            {
                await tx.RollbackAsync(ct);
                return CampaignResult.Invalid(nameof(AttributionInput.ItemId), Taken);
            }

            var attributed = await db.Referrals.Where(r => r.Id == referralId && r.Status == ReferralStatus.Referred && r.AnonymisedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReferralStatus.Attributed).SetProperty(r => r.ItemId, item!.Id).SetProperty(r => r.Kind, kind)
                    .SetProperty(r => r.AttributedOn, today).SetProperty(r => r.DueDate, dueDate).SetProperty(r => r.AttributedByName, actorName)
                    .SetProperty(r => r.ModifiedAt, now).SetProperty(r => r.Version, r => r.Version + 1), ct);
            if (attributed == 0)
            {
                await tx.RollbackAsync(ct);
                return CampaignResult.Conflict("Cette personne vient d'être équipée par quelqu'un d'autre : rechargez la page.");
            }

            var text = kind == AttributionKind.Loan
                ? $"Prêté jusqu'au {dueDate!.Value.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("fr-FR"))} à une personne orientée (orientation n° {Id(referralId)}, campagne « {referral.Campaign!.Name} »)."
                : $"Donné à une personne orientée (orientation n° {Id(referralId)}, campagne « {referral.Campaign!.Name} »).";
            db.ItemEvents.Add(new ItemEvent { ItemId = item!.Id, Kind = ItemEventKind.Attributed, Text = text, ActorName = actorName, At = now });
            audit.Record(AuditActions.ReferralChanged, ReferralTarget, Id(referralId), $"Orientation n° {Id(referralId)} : {FleetText.Attribution(kind).ToLowerInvariant()} de {item.AssetTag}");
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return CampaignResult.Saved(referralId);
        }
        catch (Exception e) when (Agenda.Booking.BookingService.IsUniqueViolation(e))
        {
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return CampaignResult.Invalid(nameof(AttributionInput.ItemId), Taken);
        }
    }

    /// <summary>Records the name the person wrote when signing the printed agreement.</summary>
    public async Task<CampaignResult> SignAgreementAsync(CampaignAccess access, int referralId, string? signedName, CancellationToken ct = default)
    {
        var (referral, refusal) = await ManagedReferralAsync(access, referralId, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (referral!.Status != ReferralStatus.Attributed || referral.AnonymisedAt is not null)
        {
            return CampaignResult.Invalid("", referral.Status == ReferralStatus.Referred ? "Attribuez d'abord un ordinateur : la convention porte sur lui." : StatusRefusal(referral));
        }

        var name = Clean(signedName);
        if (name is null)
        {
            return CampaignResult.Invalid("SignedName", "Tapez le nom écrit par la personne sous sa signature.");
        }

        if (name.Length > 200)
        {
            return CampaignResult.Invalid("SignedName", "Le nom ne doit pas dépasser 200 caractères.");
        }

        var now = clock.GetUtcNow();
        await db.Referrals.Where(r => r.Id == referralId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.AgreementSignedName, name).SetProperty(r => r.ModifiedAt, now).SetProperty(r => r.Version, r => r.Version + 1), ct);
        audit.Record(AuditActions.ReferralChanged, ReferralTarget, Id(referralId), $"Orientation n° {Id(referralId)} : convention signée");
        await db.SaveChangesAsync(ct);
        return CampaignResult.Saved(referralId);
    }

    /// <summary>
    /// The return of a loan: the device comes back available, or goes to maintenance with a ticket when it is damaged; the
    /// referral is closed as returned.
    /// </summary>
    public async Task<CampaignResult> ReturnAsync(CampaignAccess access, int referralId, bool damaged, string? reason, string? note, string? actorName, CancellationToken ct = default)
    {
        var (referral, refusal) = await ManagedReferralAsync(access, referralId, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        if (referral!.Status != ReferralStatus.Attributed || referral.Kind != AttributionKind.Loan || referral.ItemId is null)
        {
            return CampaignResult.Invalid("", referral.Status == ReferralStatus.Attributed ? "Un don ne se rend pas : seul un prêt en cours peut être rendu." : "Aucun prêt en cours pour cette orientation : rien à rendre.");
        }

        var cause = Clean(reason);
        var comment = Clean(note);
        var errors = new Dictionary<string, string[]>();
        if (damaged && cause is null)
        {
            errors["Reason"] = ["Décrivez le dommage : il ouvre une fiche de maintenance (écran fissuré, clavier abîmé…)."];
        }
        else if (cause is { Length: > 200 })
        {
            errors["Reason"] = ["Le dommage se décrit en 200 caractères au plus."];
        }

        if (comment is { Length: > 1000 })
        {
            errors["Note"] = ["La remarque ne doit pas dépasser 1 000 caractères."];
        }

        if (errors.Count > 0)
        {
            return CampaignResult.Invalid(errors);
        }

        var itemId = referral.ItemId.Value;
        var today = Today;
        var now = clock.GetUtcNow();
        var target = damaged ? ItemStatus.InMaintenance : ItemStatus.Available;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var closed = await db.Referrals.Where(r => r.Id == referralId && r.Status == ReferralStatus.Attributed)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReferralStatus.Returned).SetProperty(r => r.ReturnedOn, today).SetProperty(r => r.ReturnNote, comment)
                .SetProperty(r => r.ModifiedAt, now).SetProperty(r => r.Version, r => r.Version + 1), ct);
        var back = await db.Items.Where(i => i.Id == itemId && i.Status == ItemStatus.OnLoan)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, target).SetProperty(i => i.ModifiedAt, now).SetProperty(i => i.Version, i => i.Version + 1), ct);
        if (closed == 0 || back == 0)
        {
            await tx.RollbackAsync(ct);
            return CampaignResult.Conflict("Ce retour vient d'être enregistré par quelqu'un d'autre : rechargez la page.");
        }

        var tag = referral.Item?.AssetTag ?? Id(itemId);
        db.ItemEvents.Add(new ItemEvent
        {
            ItemId = itemId,
            Kind = ItemEventKind.Returned,
            Text = $"Rendu par la personne orientée (orientation n° {Id(referralId)}){(damaged ? " : endommagé" : "")}.",
            ActorName = actorName,
            At = now,
        });
        if (damaged)
        {
            db.MaintenanceTickets.Add(new MaintenanceTicket { ItemId = itemId, Reason = cause!, Details = comment, Status = MaintenanceStatus.Open, OpenedAt = now, OpenedByName = actorName });
            db.ItemEvents.Add(new ItemEvent { ItemId = itemId, Kind = ItemEventKind.MaintenanceOpened, Text = $"Prêté → En maintenance : {cause}.", ActorName = actorName, At = now });
        }

        audit.Record(AuditActions.ReferralChanged, ReferralTarget, Id(referralId), $"Orientation n° {Id(referralId)} : retour de {tag}{(damaged ? " endommagé, en maintenance" : "")}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return CampaignResult.Saved(referralId);
    }

    /// <summary>
    /// Closes a referral that has no device yet: withdrawn (by the prescriber or the campaign's managers) or not retained
    /// (declined, by the managers only).
    /// </summary>
    public async Task<CampaignResult> CloseAsync(CampaignAccess access, int referralId, ReferralStatus target, CancellationToken ct = default)
    {
        if (target is not (ReferralStatus.Withdrawn or ReferralStatus.Declined))
        {
            throw new ArgumentOutOfRangeException(nameof(target));
        }

        var referral = await FindReferralAsync(access, referralId, ct);
        if (referral is null)
        {
            return CampaignResult.NotFound;
        }

        if (!access.Manages(referral.Campaign!.OrganizationId) && (target == ReferralStatus.Declined || !access.Prescribing.Contains(referral.PrescriberOrganizationId)))
        {
            return CampaignResult.Forbidden;
        }

        if (referral.Status != ReferralStatus.Referred)
        {
            return CampaignResult.Invalid("", StatusRefusal(referral));
        }

        var now = clock.GetUtcNow();
        var rows = await db.Referrals.Where(r => r.Id == referralId && r.Status == ReferralStatus.Referred)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, target).SetProperty(r => r.ModifiedAt, now).SetProperty(r => r.Version, r => r.Version + 1), ct);
        if (rows == 0)
        {
            return CampaignResult.Conflict("Cette orientation vient de changer : rechargez la page.");
        }

        audit.Record(AuditActions.ReferralChanged, ReferralTarget, Id(referralId), $"Orientation n° {Id(referralId)} : {FleetText.Referral(target).ToLowerInvariant()}");
        await db.SaveChangesAsync(ct);
        return CampaignResult.Saved(referralId);
    }

    /// <summary>
    /// Erases the person's identity (names, contact, need, signed name, return note); the campaign, prescriber, birth year,
    /// commune, device and dates stay for the figures.
    /// </summary>
    public async Task<CampaignResult> EraseAsync(CampaignAccess access, int referralId, CancellationToken ct = default)
    {
        var referral = await FindReferralAsync(access, referralId, ct);
        if (referral is null)
        {
            return CampaignResult.NotFound;
        }

        if (referral.AnonymisedAt is not null)
        {
            return CampaignResult.Invalid("", "Les données de cette personne sont déjà effacées.");
        }

        var now = clock.GetUtcNow();
        await db.Referrals.Where(r => r.Id == referralId)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.FirstName, (string?)null).SetProperty(r => r.LastName, (string?)null).SetProperty(r => r.Phone, (string?)null)
                .SetProperty(r => r.Email, (string?)null).SetProperty(r => r.Need, (string?)null).SetProperty(r => r.AgreementSignedName, (string?)null)
                .SetProperty(r => r.ReturnNote, (string?)null).SetProperty(r => r.AnonymisedAt, now).SetProperty(r => r.ModifiedAt, now)
                .SetProperty(r => r.Version, r => r.Version + 1), ct);
        audit.Record(AuditActions.ReferralErased, ReferralTarget, Id(referralId), $"Orientation n° {Id(referralId)} : données de la personne effacées (chiffres conservés)");
        await db.SaveChangesAsync(ct);
        return CampaignResult.Saved(referralId);
    }

    // ---- Figures -----------------------------------------------------------------------------------------------------

    /// <summary>The campaign's figures over the referrals the user sees (a prescriber: their own organizations').</summary>
    public async Task<CampaignFigures> FiguresAsync(CampaignAccess access, int campaignId, CancellationToken ct = default)
    {
        var today = Today;
        var stock = await db.Items.AsNoTracking().Where(i => i.CampaignId == campaignId).GroupBy(i => i.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var rows = await access.Referrals(db.Referrals.AsNoTracking()).Where(r => r.CampaignId == campaignId)
            .Select(r => new FigureSource(r.Prescriber!.Name, r.CommuneCode, r.CommuneName, r.Status, r.Kind, r.DueDate))
            .ToListAsync(ct);
        return CampaignFigures.From(stock.Sum(s => s.Count), stock.Where(s => s.Key == ItemStatus.Available).Sum(s => s.Count), rows, today);
    }
}

public sealed record FigureSource(string Prescriber, string? CommuneCode, string? CommuneName, ReferralStatus Status, AttributionKind? Kind, DateOnly? DueDate);

/// <summary>One line of a breakdown: referred, equipped (ever attributed), returned.</summary>
public sealed record FigureLine(string Label, int Referred, int Attributed, int Returned);

/// <summary>A campaign in figures: its stock and what became of the referrals, by prescriber and by commune.</summary>
public sealed record CampaignFigures(
    int Stock, int Available, int Referred, int Waiting, int Attributed, int Loans, int Donations, int Returned, int Overdue,
    IReadOnlyList<FigureLine> ByPrescriber, IReadOnlyList<FigureLine> ByCommune)
{
    private static bool Equipped(FigureSource r) => r.Status is ReferralStatus.Attributed or ReferralStatus.Returned;

    public static CampaignFigures From(int stock, int available, IReadOnlyList<FigureSource> rows, DateOnly today)
    {
        static List<FigureLine> Lines(IEnumerable<IGrouping<string, FigureSource>> groups) =>
            [.. groups.Select(g => new FigureLine(g.Key, g.Count(), g.Count(Equipped), g.Count(r => r.Status == ReferralStatus.Returned)))
                .OrderByDescending(l => l.Referred).ThenBy(l => l.Label, StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), false))];

        var equipped = rows.Where(Equipped).ToList();
        return new CampaignFigures(
            stock,
            available,
            rows.Count,
            rows.Count(r => r.Status == ReferralStatus.Referred),
            equipped.Count,
            equipped.Count(r => r.Kind == AttributionKind.Loan),
            equipped.Count(r => r.Kind == AttributionKind.Donation),
            rows.Count(r => r.Status == ReferralStatus.Returned),
            rows.Count(r => r.Status == ReferralStatus.Attributed && r.Kind == AttributionKind.Loan && r.DueDate < today),
            Lines(rows.GroupBy(r => r.Prescriber)),
            Lines(rows.GroupBy(r => r.CommuneName is null ? "Commune non indiquée" : $"{r.CommuneName} ({r.CommuneCode})")));
    }
}
