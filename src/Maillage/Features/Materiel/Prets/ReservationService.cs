using System.Globalization;
using Maillage.Data;
using Maillage.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Features.Materiel;

public enum LendingOutcome
{
    Saved,
    Invalid,

    /// <summary>The items are held by another reservation over these days.</summary>
    Taken,
    NotFound,
    Conflict,
}

public sealed record LendingResult(LendingOutcome Outcome, Reservation? Reservation, IReadOnlyDictionary<string, string[]> Errors)
{
    public static LendingResult Invalid(string key, string message) => new(LendingOutcome.Invalid, null, new Dictionary<string, string[]> { [key] = [message] });

    public static LendingResult Invalid(IReadOnlyDictionary<string, string[]> errors) => new(LendingOutcome.Invalid, null, errors);

    public static LendingResult Taken(string message) => new(LendingOutcome.Taken, null, new Dictionary<string, string[]> { [""] = [message] });

    public static readonly LendingResult NotFound = new(LendingOutcome.NotFound, null, new Dictionary<string, string[]>());

    public static readonly LendingResult Changed = new(LendingOutcome.Conflict, null, new Dictionary<string, string[]> { [""] = [LendingMessages.Changed] });

    public string FirstError => Errors.Values.SelectMany(v => v).FirstOrDefault() ?? "";
}

/// <summary>
/// Requests, decisions, check-out and check-in of items and kits lent to structures. No overlap, ever: in one transaction
/// the items' rows are written first, one by one in id order (a row lock on PostgreSQL, the write lock on SQLite), so two
/// requests for one item run one after the other; the holding lines are then read again before the new ones are written.
/// </summary>
public sealed class ReservationService(AppDbContext db, AuditLog audit, TimeProvider clock, MaintenanceService maintenance, LendingMails mails)
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public DateOnly Today => DateOnly.FromDateTime(Shared.Web.ParisTime.ToParis(clock.GetUtcNow()).DateTime);

    /// <summary>Items a structure may ask for on their own: lendable, not a campaign's stock, not part of a kit.</summary>
    public static IQueryable<Item> Catalogue(IQueryable<Item> items) =>
        items.Where(i => i.CampaignId == null && i.KitId == null && i.Status != ItemStatus.Retired && i.Status != ItemStatus.Donated && i.Status != ItemStatus.OutOfService);

    public static IQueryable<Reservation> Visible(FleetAccess access, IQueryable<Reservation> source)
    {
        var ids = access.OrganizationIds;
        return ids is null ? source : source.Where(r => ids.Contains(r.LenderOrganizationId) || ids.Contains(r.BorrowerOrganizationId));
    }

    public static bool CanManage(FleetAccess access, Reservation r) => access.OrganizationIds is null || access.OrganizationIds.Contains(r.LenderOrganizationId);

    public static bool IsBorrower(FleetAccess access, Reservation r) => access.OrganizationIds is null || access.OrganizationIds.Contains(r.BorrowerOrganizationId);

    /// <summary>The organizations the user may borrow for: a structure its own, a coordinator those of the territory.</summary>
    public async Task<List<(int Id, string Name)>> BorrowersAsync(FleetAccess access, CancellationToken ct = default)
    {
        var ids = access.OrganizationIds;
        var query = db.Organizations.AsNoTracking().Where(o => o.IsActive);
        if (ids is not null)
        {
            query = query.Where(o => ids.Contains(o.Id));
        }

        var rows = await query.OrderBy(o => o.Name).Select(o => new { o.Id, o.Name }).Take(500).ToListAsync(ct);
        return [.. rows.Select(o => (o.Id, o.Name))];
    }

    public async Task<LendingResult> RequestAsync(FleetAccess access, ReservationInput input, string? userId, string? actorName, string? contactEmail, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var today = Today;
        if (input.StartDate is not { } start)
        {
            errors[nameof(input.StartDate)] = [LendingMessages.StartRequired];
            start = default;
        }
        else if (start < today)
        {
            errors[nameof(input.StartDate)] = [LendingMessages.StartInPast];
        }
        else if (start > today.AddDays(LendingMessages.MaxAdvanceDays))
        {
            errors[nameof(input.StartDate)] = ["On ne réserve pas plus d'un an à l'avance."];
        }

        if (input.EndDate is not { } end)
        {
            errors[nameof(input.EndDate)] = [LendingMessages.EndRequired];
            end = default;
        }
        else if (input.StartDate is not null && end < start)
        {
            errors[nameof(input.EndDate)] = [LendingMessages.EndBeforeStart];
        }
        else if (input.StartDate is not null && end.DayNumber - start.DayNumber + 1 > LendingMessages.MaxDays)
        {
            errors[nameof(input.EndDate)] = [$"Un prêt dure au plus {LendingMessages.MaxDays} jours : pour plus longtemps, faites une autre demande ensuite."];
        }

        var purpose = Clean(input.Purpose);
        if (purpose is null)
        {
            errors[nameof(input.Purpose)] = [LendingMessages.PurposeRequired];
        }
        else if (purpose.Length > 500)
        {
            errors[nameof(input.Purpose)] = ["L'objet de la demande ne doit pas dépasser 500 caractères."];
        }

        var location = Clean(input.Location);
        if (location is null)
        {
            errors[nameof(input.Location)] = [LendingMessages.LocationRequired];
        }
        else if (location.Length > 200)
        {
            errors[nameof(input.Location)] = ["Le lieu ne doit pas dépasser 200 caractères."];
        }

        var borrowers = await BorrowersAsync(access, ct);
        var borrowerId = input.BorrowerOrganizationId ?? (borrowers.Count == 1 ? borrowers[0].Id : null);
        if (borrowerId is null)
        {
            errors[nameof(input.BorrowerOrganizationId)] = ["Choisissez la structure qui emprunte."];
        }
        else if (borrowers.All(b => b.Id != borrowerId))
        {
            errors[nameof(input.BorrowerOrganizationId)] = ["Vous ne pouvez pas emprunter au nom de cette structure."];
        }

        var (target, targetError) = await TargetAsync(input, ct);
        if (targetError is not null)
        {
            errors[input.KitId is null ? nameof(input.ItemId) : nameof(input.KitId)] = [targetError];
        }

        if (errors.Count > 0)
        {
            return LendingResult.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var reservation = new Reservation
        {
            BorrowerOrganizationId = borrowerId!.Value,
            LenderOrganizationId = target!.OrganizationId,
            KitId = input.KitId,
            StartDate = start,
            EndDate = end,
            Purpose = purpose!,
            Location = location!,
            Status = ReservationStatus.Pending,
            RequestedById = userId,
            RequestedByName = actorName,
            ContactEmail = contactEmail,
            CreatedAt = now,
            ModifiedAt = now,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await LockAsync(target.ItemIds, ct);
        var blocked = await BlockingAsync(target.ItemIds, start, end, null, ct);
        if (blocked is not null && !input.JoinWaitingList)
        {
            return LendingResult.Taken(blocked);
        }

        reservation.Status = blocked is null ? ReservationStatus.Pending : ReservationStatus.Waiting;
        reservation.Lines.AddRange(target.ItemIds.Select(id => new ReservationLine { ItemId = id, StartDate = start, EndDate = end, Holds = blocked is null }));
        db.Reservations.Add(reservation);
        await db.SaveChangesAsync(ct);
        var text = blocked is null
            ? $"Demandé par {Borrower(borrowers, reservation.BorrowerOrganizationId)} {FleetText.Period(start, end)} (réservation n° {reservation.Id})."
            : $"{Borrower(borrowers, reservation.BorrowerOrganizationId)} en liste d'attente {FleetText.Period(start, end)} (réservation n° {reservation.Id}).";
        AddEvents(target.ItemIds, ItemEventKind.Reserved, text, userId, actorName, now);
        Audit(reservation.Id, blocked is null ? "demande" : "liste d'attente");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        if (reservation.Status == ReservationStatus.Pending)
        {
            await mails.RequestedAsync(reservation, null, ct);
        }

        return new LendingResult(LendingOutcome.Saved, reservation, new Dictionary<string, string[]>());
    }

    /// <summary>After days were freed: the waiting list moves up, and each promoted structure is told.</summary>
    private async Task ReleasedAsync(Reservation reservation, CancellationToken ct)
    {
        foreach (var promoted in await PromoteWaitingAsync([.. reservation.Lines.Select(l => l.ItemId)], ct))
        {
            await mails.PromotedAsync(promoted, ct);
            await mails.RequestedAsync(promoted, null, ct);
        }
    }

    private static string Borrower(List<(int Id, string Name)> borrowers, int id) => borrowers.FirstOrDefault(b => b.Id == id).Name ?? "Une structure";

    private sealed record Target(int OrganizationId, IReadOnlyList<int> ItemIds);

    private async Task<(Target? Target, string? Error)> TargetAsync(ReservationInput input, CancellationToken ct)
    {
        if (input.KitId is null == input.ItemId is null)
        {
            return (null, LendingMessages.TargetRequired);
        }

        if (input.KitId is { } kitId)
        {
            var kit = await db.Kits.AsNoTracking().Where(k => k.Id == kitId && k.IsActive)
                .Select(k => new { k.Name, k.OrganizationId, Items = k.Items.Select(i => new { i.Id, i.AssetTag, i.Status, i.CampaignId }).ToList() })
                .FirstOrDefaultAsync(ct);
            if (kit is null || kit.Items.Count == 0)
            {
                return (null, LendingMessages.UnknownTarget);
            }

            if (kit.Items.FirstOrDefault(i => !Bookable(i.Status) || i.CampaignId is not null) is { } broken)
            {
                return (null, $"La valise « {kit.Name} » ne peut pas être réservée : {broken.AssetTag} est {FleetText.Status(broken.Status).ToLower(French)}.");
            }

            return (new Target(kit.OrganizationId, [.. kit.Items.Select(i => i.Id).Order()]), null);
        }

        var item = await Catalogue(db.Items.AsNoTracking()).Where(i => i.Id == input.ItemId)
            .Select(i => new { i.Id, i.OrganizationId, i.Status, i.AssetTag }).FirstOrDefaultAsync(ct);
        if (item is null)
        {
            var kitName = await db.Items.Where(i => i.Id == input.ItemId && i.KitId != null).Select(i => i.Kit!.Name).FirstOrDefaultAsync(ct);
            return (null, kitName is null ? LendingMessages.UnknownTarget : $"Cet objet fait partie de la valise « {kitName} » : réservez la valise entière.");
        }

        return Bookable(item.Status)
            ? (new Target(item.OrganizationId, [item.Id]), null)
            : (null, $"{item.AssetTag} est {FleetText.Status(item.Status).ToLower(French)} : il ne peut pas être réservé pour le moment.");
    }

    /// <summary>In maintenance, out of service, retired or given: never booked.</summary>
    public static bool Bookable(ItemStatus status) => status is ItemStatus.Available or ItemStatus.Reserved or ItemStatus.OnLoan;

    /// <summary>Writes each item's row without changing it, in id order: the lock that orders the requests of one item.</summary>
    private async Task LockAsync(IEnumerable<int> itemIds, CancellationToken ct)
    {
        foreach (var id in itemIds.Order())
        {
            await db.Items.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.ModifiedAt, i => i.ModifiedAt), ct);
        }
    }

    /// <summary>The French sentence saying which item is held, by whom, when; null when all are free over the days.</summary>
    private async Task<string?> BlockingAsync(IReadOnlyList<int> itemIds, DateOnly start, DateOnly end, int? except, CancellationToken ct)
    {
        var clash = await db.ReservationLines.AsNoTracking()
            .Where(l => itemIds.Contains(l.ItemId) && l.Holds && l.StartDate <= end && l.EndDate >= start && l.ReservationId != except)
            .OrderBy(l => l.StartDate)
            .Select(l => new { l.Item!.AssetTag, l.StartDate, l.EndDate })
            .FirstOrDefaultAsync(ct);
        if (clash is not null)
        {
            return $"{clash.AssetTag} est déjà réservé {FleetText.Period(clash.StartDate, clash.EndDate)} : choisissez d'autres dates, un autre objet, ou inscrivez-vous sur la liste d'attente.";
        }

        var down = await db.Items.AsNoTracking().Where(i => itemIds.Contains(i.Id) && i.Status != ItemStatus.Available && i.Status != ItemStatus.Reserved && i.Status != ItemStatus.OnLoan)
            .Select(i => new { i.AssetTag, i.Status }).FirstOrDefaultAsync(ct);
        return down is null ? null : $"{down.AssetTag} est {FleetText.Status(down.Status).ToLower(French)} : il ne peut pas être réservé pour le moment.";
    }

    private void AddEvents(IEnumerable<int> itemIds, ItemEventKind kind, string text, string? userId, string? actorName, DateTimeOffset at) =>
        db.ItemEvents.AddRange(itemIds.Select(id => new ItemEvent { ItemId = id, Kind = kind, Text = text, ActorId = userId, ActorName = actorName, At = at }));

    public Task<Reservation?> LoadAsync(FleetAccess access, int id, CancellationToken ct = default) =>
        Visible(access, db.Reservations).Include(r => r.Lines).ThenInclude(l => l.Item!).ThenInclude(i => i.Accessories)
            .Include(r => r.Lines).ThenInclude(l => l.Item!).ThenInclude(i => i.Category)
            .Include(r => r.Borrower).Include(r => r.Kit)
            .AsSplitQuery().FirstOrDefaultAsync(r => r.Id == id, ct);

    /// <summary>The coordinator's yes or no on a pending request. A refusal frees the days and wakes the waiting list.</summary>
    public async Task<LendingResult> DecideAsync(FleetAccess access, int id, bool approve, string? note, uint? version, string? userId, string? actorName, CancellationToken ct = default)
    {
        var reservation = await LoadAsync(access, id, ct);
        if (reservation is null || !CanManage(access, reservation))
        {
            return LendingResult.NotFound;
        }

        if (version is { } v && v != reservation.Version)
        {
            return LendingResult.Changed;
        }

        if (reservation.Status != ReservationStatus.Pending)
        {
            return LendingResult.Invalid("", $"Cette réservation est « {FleetText.Reservation(reservation.Status).ToLower(French)} » : seule une demande en attente se valide ou se refuse.");
        }

        note = Clean(note);
        if (note is { Length: > 500 })
        {
            return LendingResult.Invalid("DecisionNote", "Le message ne doit pas dépasser 500 caractères.");
        }

        if (!approve && note is null)
        {
            return LendingResult.Invalid("DecisionNote", "Dites en quelques mots pourquoi la demande est refusée : la structure le lira.");
        }

        var now = clock.GetUtcNow();
        reservation.Status = approve ? ReservationStatus.Approved : ReservationStatus.Refused;
        reservation.DecidedAt = now;
        reservation.DecidedByName = actorName;
        reservation.DecisionNote = note;
        reservation.ModifiedAt = now;
        if (!approve)
        {
            reservation.Lines.ForEach(l => l.Holds = false);
        }
        else if (reservation.StartDate <= Today)
        {
            // Starting today: « réservé » at once, not at the daily job's next run.
            foreach (var item in reservation.Lines.Select(l => l.Item!).Where(i => i.Status == ItemStatus.Available))
            {
                item.Status = ItemStatus.Reserved;
                item.ModifiedAt = now;
            }
        }

        AddEvents(reservation.Lines.Select(l => l.ItemId), ItemEventKind.Reserved,
            $"Réservation n° {reservation.Id} {(approve ? "validée" : "refusée")} ({FleetText.Period(reservation.StartDate, reservation.EndDate)}).", userId, actorName, now);
        try
        {
            Audit(id, approve ? "validée" : "refusée");
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return LendingResult.Changed;
        }

        await mails.DecidedAsync(reservation, null, ct);
        if (!approve)
        {
            await ReleasedAsync(reservation, ct);
        }

        return new LendingResult(LendingOutcome.Saved, reservation, new Dictionary<string, string[]>());
    }

    /// <summary>Cancels a request, an approved reservation or a place on the waiting list (not a loan under way).</summary>
    public async Task<LendingResult> CancelAsync(FleetAccess access, int id, string? userId, string? actorName, CancellationToken ct = default)
    {
        var reservation = await LoadAsync(access, id, ct);
        if (reservation is null)
        {
            return LendingResult.NotFound;
        }

        if (reservation.Status is not (ReservationStatus.Pending or ReservationStatus.Approved or ReservationStatus.Waiting))
        {
            return LendingResult.Invalid("", $"Cette réservation est « {FleetText.Reservation(reservation.Status).ToLower(French)} » : elle ne peut plus être annulée.");
        }

        var now = clock.GetUtcNow();
        reservation.Status = ReservationStatus.Cancelled;
        reservation.ModifiedAt = now;
        reservation.Lines.ForEach(l => l.Holds = false);
        foreach (var item in reservation.Lines.Select(l => l.Item!).Where(i => i.Status == ItemStatus.Reserved))
        {
            item.Status = ItemStatus.Available;
            item.ModifiedAt = now;
        }

        AddEvents(reservation.Lines.Select(l => l.ItemId), ItemEventKind.Reserved, $"Réservation n° {reservation.Id} annulée.", userId, actorName, now);
        try
        {
            Audit(id, "annulée");
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return LendingResult.Changed;
        }

        await ReleasedAsync(reservation, ct);

        return new LendingResult(LendingOutcome.Saved, reservation, new Dictionary<string, string[]>());
    }

    /// <summary>
    /// Waiting requests whose items are now free over their days become pending requests again, oldest first; returns them
    /// (to be told by e-mail). Each promotion takes the items' locks like a new request.
    /// </summary>
    public async Task<List<Reservation>> PromoteWaitingAsync(IReadOnlyCollection<int> itemIds, CancellationToken ct = default)
    {
        var promoted = new List<Reservation>();
        var today = Today;
        var waiting = await db.Reservations.AsNoTracking()
            .Where(r => r.Status == ReservationStatus.Waiting && r.EndDate >= today && r.Lines.Any(l => itemIds.Contains(l.ItemId)))
            .OrderBy(r => r.CreatedAt).Select(r => r.Id).Take(50).ToListAsync(ct);
        foreach (var id in waiting)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var lineItems = await db.ReservationLines.Where(l => l.ReservationId == id).Select(l => l.ItemId).ToListAsync(ct);
            await LockAsync(lineItems, ct);
            var r = await db.Reservations.Include(x => x.Lines).SingleAsync(x => x.Id == id, ct);
            if (r.Status != ReservationStatus.Waiting || await BlockingAsync(lineItems, r.StartDate, r.EndDate, r.Id, ct) is not null)
            {
                continue;
            }

            r.Status = ReservationStatus.Pending;
            r.ModifiedAt = clock.GetUtcNow();
            r.Lines.ForEach(l => l.Holds = true);
            AddEvents(lineItems, ItemEventKind.Reserved, $"Réservation n° {r.Id} sortie de la liste d'attente : à valider.", null, "Liste d'attente", r.ModifiedAt);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            promoted.Add(r);
        }

        return promoted;
    }

    /// <summary>Check-out: the items leave with the person named, the agreement accepted, condition and accessories noted.</summary>
    public async Task<LendingResult> CheckOutAsync(FleetAccess access, int id, CheckOutInput input, string? userId, string? actorName, CancellationToken ct = default)
    {
        var reservation = await LoadAsync(access, id, ct);
        if (reservation is null || !CanManage(access, reservation))
        {
            return LendingResult.NotFound;
        }

        if (reservation.Status == ReservationStatus.CheckedOut)
        {
            return LendingResult.Invalid("", "Ce matériel est déjà sorti : il reste à le rentrer.");
        }

        if (reservation.Status != ReservationStatus.Approved)
        {
            return LendingResult.Invalid("", reservation.Status == ReservationStatus.Pending
                ? "Cette demande n'est pas encore validée : validez-la avant de sortir le matériel."
                : $"Cette réservation est « {FleetText.Reservation(reservation.Status).ToLower(French)} » : le matériel ne peut pas sortir.");
        }

        var errors = new Dictionary<string, string[]>();
        var today = Today;
        if (reservation.StartDate > today)
        {
            errors[""] = [$"Ce prêt commence le {reservation.StartDate.ToString("d MMMM yyyy", French)} : le matériel ne sort pas avant."];
        }

        var takenBy = Clean(input.TakenBy);
        if (takenBy is null || takenBy.Length > 200)
        {
            errors[nameof(input.TakenBy)] = [LendingMessages.TakenByRequired];
        }

        var agreement = Clean(input.AgreementName);
        if (!input.AgreementAccepted || agreement is null || agreement.Length > 200)
        {
            errors[nameof(input.AgreementAccepted)] = [LendingMessages.AgreementRequired];
        }

        if (reservation.Lines.FirstOrDefault(l => l.Item!.Status is not (ItemStatus.Available or ItemStatus.Reserved)) is { } busy)
        {
            errors[""] = [$"{busy.Item!.AssetTag} est {FleetText.Status(busy.Item.Status).ToLower(French)} : il ne peut pas sortir."];
        }

        if (errors.Count > 0)
        {
            return LendingResult.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        foreach (var line in reservation.Lines)
        {
            var check = input.Lines.FirstOrDefault(c => c.ItemId == line.ItemId);
            var known = line.Item!.Accessories.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
            line.ConditionOut = check?.Condition ?? line.Item.Condition;
            line.AccessoriesOut = string.Join('\n', (check?.Accessories ?? []).Where(known.Contains).Distinct());
            line.Item.Status = ItemStatus.OnLoan;
            line.Item.Condition = line.ConditionOut.Value;
            line.Item.ModifiedAt = now;
        }

        reservation.Status = ReservationStatus.CheckedOut;
        reservation.TakenBy = takenBy;
        reservation.AgreementName = agreement;
        reservation.CheckedOutAt = now;
        reservation.CheckedOutByName = actorName;
        reservation.ModifiedAt = now;
        AddEvents(reservation.Lines.Select(l => l.ItemId), ItemEventKind.CheckedOut,
            $"Sorti pour {reservation.Borrower?.Name}, emporté par {takenBy}, retour prévu le {reservation.EndDate.ToString("d MMMM yyyy", French)} (réservation n° {reservation.Id}).", userId, actorName, now);
        try
        {
            Audit(id, "sortie");
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return LendingResult.Changed;
        }

        return new LendingResult(LendingOutcome.Saved, reservation, new Dictionary<string, string[]>());
    }

    /// <summary>
    /// Check-in: condition, missing accessories and damage per item. A missing accessory or a damage opens a maintenance ticket
    /// (the item leaves the availability until it is closed); so does a plan « after each loan » of the item's category.
    /// </summary>
    public async Task<LendingResult> CheckInAsync(FleetAccess access, int id, CheckInInput input, string? userId, string? actorName, CancellationToken ct = default)
    {
        var reservation = await LoadAsync(access, id, ct);
        if (reservation is null || !CanManage(access, reservation))
        {
            return LendingResult.NotFound;
        }

        if (reservation.Status != ReservationStatus.CheckedOut)
        {
            return LendingResult.Invalid("", LendingMessages.NotOut);
        }

        var note = Clean(input.Note);
        if (note is { Length: > 1000 })
        {
            return LendingResult.Invalid(nameof(input.Note), "La remarque ne doit pas dépasser 1 000 caractères.");
        }

        foreach (var check in input.Lines.Where(c => c.DamageNote is { Length: > 500 }))
        {
            return LendingResult.Invalid("", $"La description du dommage ne doit pas dépasser 500 caractères ({reservation.Lines.FirstOrDefault(l => l.ItemId == check.ItemId)?.Item?.AssetTag}).");
        }

        var now = clock.GetUtcNow();
        var afterLoan = await db.MaintenancePlans.AsNoTracking().Where(p => p.IsActive && p.AfterEachLoan).ToListAsync(ct);
        var itemIds = reservation.Lines.Select(l => l.ItemId).ToList();
        var alreadyOpen = await db.MaintenanceTickets.Where(t => itemIds.Contains(t.ItemId) && t.Status == MaintenanceStatus.Open).Select(t => t.ItemId).ToListAsync(ct);
        foreach (var line in reservation.Lines)
        {
            var item = line.Item!;
            var check = input.Lines.FirstOrDefault(c => c.ItemId == line.ItemId);
            var present = (check?.Accessories ?? []).ToHashSet(StringComparer.Ordinal);
            var expected = (line.AccessoriesOut ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var missing = expected.Where(a => !present.Contains(a)).ToList();
            line.ConditionIn = check?.Condition ?? line.ConditionOut ?? item.Condition;
            line.MissingAccessories = missing.Count == 0 ? null : string.Join('\n', missing);
            line.Damaged = check?.Damaged == true || line.ConditionIn == ItemCondition.Damaged;
            line.Holds = false;
            item.Condition = line.ConditionIn.Value;
            // A periodic ticket opened while it was out waits for its return.
            item.Status = alreadyOpen.Contains(item.Id) ? ItemStatus.InMaintenance : ItemStatus.Available;
            item.ModifiedAt = now;
            var returned = missing.Count == 0 ? "Rentré complet" : $"Rentré sans : {string.Join(", ", missing)}";
            AddEvents([item.Id], ItemEventKind.CheckedIn, $"{returned} (réservation n° {reservation.Id}), état : {FleetText.Condition(item.Condition).ToLower(French)}.", userId, actorName, now);
            if (missing.Count > 0)
            {
                maintenance.Open(item, $"Accessoire manquant au retour : {string.Join(", ", missing)}", null, null, reservation.Id, userId, actorName, now);
            }

            if (line.Damaged)
            {
                maintenance.Open(item, "Dommage constaté au retour", Clean(check?.DamageNote), null, reservation.Id, userId, actorName, now);
            }

            foreach (var plan in afterLoan.Where(p => p.CategoryId == item.CategoryId && p.OrganizationId == item.OrganizationId))
            {
                maintenance.Open(item, plan.Name, plan.Instructions, plan.Id, reservation.Id, userId, actorName, now);
            }
        }

        reservation.Status = ReservationStatus.Returned;
        reservation.ReturnedAt = now;
        reservation.ReturnedByName = actorName;
        reservation.ReturnNote = note;
        reservation.ModifiedAt = now;
        try
        {
            Audit(id, "retour");
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return LendingResult.Changed;
        }

        await ReleasedAsync(reservation, ct);

        return new LendingResult(LendingOutcome.Saved, reservation, new Dictionary<string, string[]>());
    }

    /// <summary>The reservation whose items this scan concerns now: one to check out (approved, started) or to check in.</summary>
    public async Task<(int Id, bool CheckIn)?> CurrentForItemAsync(FleetAccess access, int itemId, CancellationToken ct = default)
    {
        var today = Today;
        var rows = await Visible(access, db.Reservations.AsNoTracking())
            .Where(r => r.Lines.Any(l => l.ItemId == itemId) && (r.Status == ReservationStatus.CheckedOut || (r.Status == ReservationStatus.Approved && r.StartDate <= today && r.EndDate >= today)))
            .OrderByDescending(r => r.Status).Select(r => new { r.Id, r.Status, r.LenderOrganizationId }).ToListAsync(ct);
        var row = rows.FirstOrDefault(r => access.OrganizationIds is null || access.OrganizationIds.Contains(r.LenderOrganizationId));
        return row is null ? null : (row.Id, row.Status == ReservationStatus.CheckedOut);
    }

    private void Audit(int id, string what) => audit.Record(AuditActions.ReservationChanged, "reservation", id.ToString(CultureInfo.InvariantCulture), what);

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
