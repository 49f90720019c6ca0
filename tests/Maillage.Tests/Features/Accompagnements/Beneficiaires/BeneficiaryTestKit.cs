using System.Net;
using Maillage.Features.Accompagnements;
using Maillage.Features.Comptes;
using Maillage.Shared.Text;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Accompagnements.Beneficiaires;

/// <summary>The application for the beneficiaries' tests: many sign-ins per class.</summary>
public sealed class BeneficiariesFactory : MaillageFactory
{
    public BeneficiariesFactory() => WithSetting("RateLimiting:AuthenticationPerMinute", "10000");
}

/// <summary>Accounts, files and activities written straight to the database, so each test states only what it checks.</summary>
public static class BeneficiaryTestKit
{
    public const string Password = "mot de passe de test solide";

    public sealed record SignedIn(HttpClient Client, string UserId, string Email);

    public static async Task<SignedIn> SignInAsync(MaillageFactory factory, Role role, int? organizationId = null, string? territoryCode = null)
    {
        await factory.EnsureTerritoriesAsync();
        var email = $"{role}-{Guid.NewGuid():N}@test.maillage.fr".ToLowerInvariant();
        var user = await factory.CreateUserAsync(email, Password, role, territoryCode: territoryCode, organizationId: organizationId, displayName: $"{role} de test");
        var client = factory.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Redirect, (await factory.LoginAsync(client, email, Password)).StatusCode);
        return new SignedIn(client, user.Id, email);
    }

    public static Task<Beneficiary> CreateFileAsync(MaillageFactory factory, int organizationId, string createdById, string first = "Marie", string last = "Dupont",
        int? birthYear = 1958, string? commune = MaillageFactory.SaintEtienne, DateTimeOffset? createdAt = null, DateOnly? lastActivityOn = null,
        Gender gender = Gender.Female, BeneficiaryStatus status = BeneficiaryStatus.Retired) =>
        factory.WithDbAsync(async db =>
        {
            var at = createdAt ?? DateTimeOffset.UtcNow;
            var file = new Beneficiary
            {
                OrganizationId = organizationId,
                FirstName = first,
                LastName = last,
                SearchName = TextFold.Fold(first + " " + last),
                Phone = "06 12 34 56 78",
                Email = "personne@exemple.fr",
                BirthYear = birthYear,
                CommuneCode = commune,
                Gender = gender,
                Status = status,
                Notes = "Souhaite apprendre à utiliser sa messagerie.",
                ConsentAt = at,
                ConsentById = createdById,
                ConsentPurpose = "Finalité de test",
                CreatedById = createdById,
                CreatedAt = at,
                ModifiedAt = at,
                LastActivityOn = lastActivityOn,
            };
            db.Beneficiaries.Add(file);
            await db.SaveChangesAsync();
            return file;
        });

    /// <summary>An individual record of the file, or a workshop with the given named participants.</summary>
    public static Task<Activity> CreateActivityAsync(MaillageFactory factory, int organizationId, string advisorId, DateOnly date, long? beneficiaryId = null,
        Autonomy? autonomy = null, IEnumerable<long>? participants = null, bool deleted = false) =>
        factory.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            var named = participants?.ToList() ?? [];
            var collective = named.Count > 0;
            var activity = new Activity
            {
                Type = collective ? ActivityType.Collective : ActivityType.Individual,
                Date = date,
                DurationMinutes = 30,
                Location = ActivityLocation.Remote,
                Equipment = ActivityEquipment.Computer,
                Themes = ActivityTheme.Email,
                Autonomy = collective ? null : autonomy,
                WorkshopTitle = collective ? "Atelier messagerie" : null,
                WorkshopLevel = collective ? WorkshopLevel.Beginner : null,
                ParticipantCount = collective ? named.Count : 1,
                BeneficiaryId = collective ? null : beneficiaryId,
                Participants = [.. named.Select(id => new ActivityParticipant { BeneficiaryId = id })],
                AdvisorId = advisorId,
                OrganizationId = organizationId,
                CreatedAt = now,
                ModifiedAt = now,
                DeletedAt = deleted ? now : null,
            };
            db.Activities.Add(activity);
            await db.SaveChangesAsync();
            return activity;
        });

    public static Task<int> ReadAuditCountAsync(MaillageFactory factory, long fileId, string action = Maillage.Features.Audit.AuditActions.BeneficiaryRead) =>
        factory.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == action && e.TargetId == fileId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
