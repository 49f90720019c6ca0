using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Features.Materiel;
using Maillage.Features.Materiel.Campaigns;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Maillage.Tests.Features.Materiel;

/// <summary>
/// Campaigns of reconditioned computers: the campaign and its stock, referrals by prescribers (consent, French checks, scope),
/// attribution as a loan or a donation (never twice for one device), agreement, return, erasure, figures and the API.
/// </summary>
[Trait("Category", "Database")]
public sealed class CampaignTests(CampaignTests.Factory factory) : IClassFixture<CampaignTests.Factory>
{
    /// <summary>Each test signs in several people: past the sign-in rate limit of one client address.</summary>
    public sealed class Factory : MaillageFactory
    {
        public Factory() => WithSetting("RateLimiting:AuthenticationPerMinute", "10000");
    }

    private sealed record Setup(int CampaignId, int OwnerId, int PrescriberId, HttpClient Coordinator, HttpClient Prescriber, string Prefix, List<int> Items);

    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string Day(int days) => DateTime.UtcNow.AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string S(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<HttpClient> SignInAsync(Role role, int? organizationId = null, string? territory = null)
    {
        var email = TestData.NewEmail(role.ToString().ToLowerInvariant());
        await factory.CreateUserAsync(email, TestData.Password, role, territoryCode: territory, organizationId: organizationId, displayName: $"{role} de test");
        var client = factory.CreateBrowserClient();
        await factory.LoginAsync(client, email, TestData.Password);
        return client;
    }

    /// <summary>A running campaign of an owner of Saint-Étienne, its coordinator, one prescribing organization and its user, and laptops in stock.</summary>
    private async Task<Setup> CampaignAsync(int items = 3)
    {
        var owner = await factory.CreateOrganizationAsync();
        var mission = await factory.CreateOrganizationAsync("Mission locale " + Guid.NewGuid().ToString("N")[..6]);
        var coordinator = await SignInAsync(Role.Coordinateur, territory: MaillageFactory.SaintEtienne);
        var prescriber = await SignInAsync(Role.Structure, organizationId: mission.Id);
        var prefix = "C" + Guid.NewGuid().ToString("N")[..5].ToUpperInvariant();
        var (campaignId, ids) = await factory.WithDbAsync(async db =>
        {
            await FleetDefaults.EnsureDefaultsAsync(db);
            var laptops = await db.ItemCategories.SingleAsync(c => c.TagPrefix == "PC");
            var campaign = new Campaign
            {
                OrganizationId = owner.Id,
                Name = "Ordinateurs " + prefix,
                Eligibility = "Jeunes de 16 à 25 ans suivis par la Mission locale",
                StartsOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-10),
                CreatedAt = DateTimeOffset.UtcNow,
                Prescribers = [new CampaignPrescriber { OrganizationId = mission.Id }],
            };
            db.Campaigns.Add(campaign);
            await db.SaveChangesAsync();
            var list = Enumerable.Range(1, items).Select(i => new Item
            {
                CategoryId = laptops.Id,
                OrganizationId = owner.Id,
                CampaignId = campaign.Id,
                Model = "Lenovo ThinkPad T480 (reconditionné)",
                SerialNumber = $"SN{prefix}{i:000}",
                AssetTag = AssetTags.Format(prefix, i),
                Accessories = [new ItemAccessory { Name = "Chargeur" }],
                CreatedAt = DateTimeOffset.UtcNow,
                ModifiedAt = DateTimeOffset.UtcNow,
            }).ToList();
            db.Items.AddRange(list);
            await db.SaveChangesAsync();
            return (campaign.Id, list.Select(i => i.Id).ToList());
        });
        return new Setup(campaignId, owner.Id, mission.Id, coordinator, prescriber, prefix, ids);
    }

    private static Dictionary<string, string> Person(string first, string last, string? commune = null) => new()
    {
        ["Input.FirstName"] = first,
        ["Input.LastName"] = last,
        ["Input.BirthYear"] = S(DateTime.UtcNow.Year - 19),
        ["Input.Commune"] = commune ?? "",
        ["Input.Phone"] = "06 12 34 56 78",
        ["Input.Need"] = "Recherche d'emploi : CV et candidatures en ligne.",
        ["Input.Consent"] = "true",
    };

    private static async Task<int> ReferAsync(HttpClient client, int campaignId, Dictionary<string, string> person)
    {
        var response = await Forms.SubmitAsync(client, $"/materiel/campagnes/{campaignId}/orienter", person, "form.form");
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return int.Parse(response.Headers.Location!.OriginalString.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Task<HttpResponseMessage> AttributeAsync(HttpClient client, int referralId, int itemId, string kind, string? due) =>
        Forms.SubmitAsync(client, $"/materiel/campagnes/orientations/{referralId}", new Dictionary<string, string>
        {
            ["Attribution.ItemId"] = S(itemId),
            ["Attribution.Kind"] = kind,
            ["Attribution.DueDate"] = due ?? "",
        }, "form[action*='handler=Attribute']");

    private Task<Referral> ReferralAsync(int id) => factory.WithDbAsync(db => db.Referrals.AsNoTracking().SingleAsync(r => r.Id == id));

    private Task<Item> ItemAsync(int id) => factory.WithDbAsync(db => db.Items.AsNoTracking().SingleAsync(i => i.Id == id));

    [Fact]
    public async Task The_coordinator_creates_a_campaign_with_french_checks_and_fills_its_stock_all_or_nothing()
    {
        var owner = await factory.CreateOrganizationAsync();
        var mission = await factory.CreateOrganizationAsync("Mission locale " + Guid.NewGuid().ToString("N")[..6]);
        var coordinator = await SignInAsync(Role.Coordinateur, territory: MaillageFactory.SaintEtienne);
        Assert.Contains("n'oriente vers aucune campagne", (await Forms.GetDocumentAsync(await SignInAsync(Role.Structure, organizationId: owner.Id), "/materiel/campagnes")).QuerySelector(".empty-state")!.TextContent);

        var empty = await Forms.SubmitAsync(coordinator, "/materiel/campagnes/nouvelle", new Dictionary<string, string>
        {
            ["Form.Name"] = "",
            ["Form.StartsOn"] = Today,
            ["Form.EndsOn"] = Day(-5),
            ["Form.TargetCount"] = "0",
            ["Form.OrganizationId"] = S(owner.Id),
        }, "form.form");
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        var page = Forms.Parse(await empty.Content.ReadAsStringAsync());
        Assert.Contains("Indiquez le nom de la campagne", page.QuerySelector("#Form_Name-error")!.TextContent);
        Assert.Contains("critères d'éligibilité", page.QuerySelector("#Form_Eligibility-error")!.TextContent);
        Assert.Contains("après la date de début", page.QuerySelector("#Form_EndsOn-error")!.TextContent);
        Assert.Contains("entre 1 et 1 000 000", page.QuerySelector("#Form_TargetCount-error")!.TextContent);
        Assert.Contains("au moins une structure prescriptrice", page.QuerySelector("#Form_PrescriberIds-error")!.TextContent);
        Assert.Equal("true", page.QuerySelector("#Form_Name")!.GetAttribute("aria-invalid"));

        var name = "Ordinateurs pour les jeunes " + Guid.NewGuid().ToString("N")[..6];
        var created = await Forms.SubmitAsync(coordinator, "/materiel/campagnes/nouvelle", new Dictionary<string, string>
        {
            ["Form.Name"] = name,
            ["Form.Eligibility"] = "Jeunes de 16 à 25 ans suivis par la Mission locale",
            ["Form.StartsOn"] = Today,
            ["Form.TargetCount"] = "1500",
            ["Form.OrganizationId"] = S(owner.Id),
            ["Form.PrescriberIds"] = S(mission.Id),
        }, "form.form");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var campaign = await factory.WithDbAsync(db => db.Campaigns.Include(c => c.Prescribers).SingleAsync(c => c.Name == name));
        Assert.Equal((owner.Id, 1500, true), (campaign.OrganizationId, campaign.TargetCount!.Value, campaign.IsActive));
        Assert.Equal([mission.Id], campaign.Prescribers.Select(p => p.OrganizationId));
        Assert.True(await factory.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.CampaignChanged && e.TargetId == S(campaign.Id))));

        // Editing: a date that is not one is said in French, a stale version is refused, then the change is saved.
        var edit = $"/materiel/campagnes/{campaign.Id}/modifier";
        var notADate = Forms.Parse(await (await Forms.SubmitAsync(coordinator, edit, new Dictionary<string, string> { ["Form.EndsOn"] = "31/02/2027" }, "form.form")).Content.ReadAsStringAsync());
        Assert.Contains("La date de fin n'est pas une date", notADate.QuerySelector("#Form_EndsOn-error")!.TextContent);
        var stale = await Forms.SubmitAsync(coordinator, edit, new Dictionary<string, string> { ["Form.Version"] = S((int)campaign.Version + 5), ["Form.Name"] = "Écrasé" }, "form.form");
        Assert.Contains("vient d'être modifiée par quelqu'un d'autre", Forms.Parse(await stale.Content.ReadAsStringAsync()).QuerySelector("[role=alert]")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(coordinator, edit, new Dictionary<string, string> { ["Form.Description"] = "Avec une prise en main à l'EPN." }, "form.form")).StatusCode);
        var edited = await factory.WithDbAsync(db => db.Campaigns.AsNoTracking().SingleAsync(c => c.Id == campaign.Id));
        Assert.Equal((name, "Avec une prise en main à l'EPN.", campaign.Version + 1), (edited.Name, edited.Description!, edited.Version));

        // Laptops of the owner: one in a kit cannot enter; a wrong tag moves nothing.
        var prefix = "S" + Guid.NewGuid().ToString("N")[..5].ToUpperInvariant();
        await factory.WithDbAsync(async db =>
        {
            var laptops = await db.ItemCategories.SingleAsync(c => c.TagPrefix == "PC");
            for (var i = 1; i <= 4; i++)
            {
                db.Items.Add(new Item { CategoryId = laptops.Id, OrganizationId = owner.Id, Model = "Dell Latitude 5490", AssetTag = AssetTags.Format(prefix, i), Status = i == 4 ? ItemStatus.InMaintenance : ItemStatus.Available, CreatedAt = DateTimeOffset.UtcNow, ModifiedAt = DateTimeOffset.UtcNow });
            }

            return await db.SaveChangesAsync();
        });
        var stock = $"/materiel/campagnes/{campaign.Id}/stock";
        var wrong = await Forms.SubmitAsync(coordinator, stock, new Dictionary<string, string> { ["Tags"] = $"{AssetTags.Format(prefix, 1)}\n{prefix.ToLowerInvariant()}-0004\nXYZ-0001" }, "form.form");
        var errors = Forms.Parse(await wrong.Content.ReadAsStringAsync()).QuerySelector("#Tags-error")!.TextContent;
        Assert.Contains("XYZ-0001", errors);
        Assert.Contains($"non disponible(s), dans un kit ou déjà dans une autre campagne : {AssetTags.Format(prefix, 4)}", errors);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Items.CountAsync(i => i.CampaignId == campaign.Id)));

        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(coordinator, stock, new Dictionary<string, string> { ["Tags"] = $"{AssetTags.Format(prefix, 1)}, {AssetTags.Format(prefix, 2)}" }, "form.form")).StatusCode);
        Assert.Equal(2, await factory.WithDbAsync(db => db.Items.CountAsync(i => i.CampaignId == campaign.Id)));
        var laptopsId = await factory.WithDbAsync(db => db.ItemCategories.Where(c => c.TagPrefix == "PC").Select(c => c.Id).SingleAsync());
        var byCategory = await Forms.SubmitAsync(coordinator, stock, new Dictionary<string, string> { ["Tags"] = "", ["CategoryId"] = S(laptopsId) }, "form.form");
        Assert.Equal(HttpStatusCode.Redirect, byCategory.StatusCode);
        Assert.Equal(3, await factory.WithDbAsync(db => db.Items.CountAsync(i => i.CampaignId == campaign.Id)));
        Assert.True(await factory.WithDbAsync(db => db.ItemEvents.AnyAsync(e => e.Text == $"Ajouté au stock de la campagne « {name} »." && db.Items.Any(i => i.Id == e.ItemId && i.AssetTag == AssetTags.Format(prefix, 3)))));

        var details = await Forms.GetDocumentAsync(coordinator, $"/materiel/campagnes/{campaign.Id}");
        Assert.Contains("3 en stock sur un objectif de 1", details.QuerySelector(".campaign-figures")!.TextContent);
        Assert.Contains("Personne n'a encore été orienté", details.QuerySelector(".empty-state")!.TextContent);

        // A structure neither creates campaigns nor fills their stock.
        var structure = await SignInAsync(Role.Structure, organizationId: mission.Id);
        Assert.NotEqual(HttpStatusCode.OK, (await structure.GetAsync("/materiel/campagnes/nouvelle")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await structure.GetAsync(stock)).StatusCode);
    }

    [Fact]
    public async Task A_referral_needs_the_persons_consent_and_valid_data_and_stores_the_consent_text_as_shown()
    {
        var s = await CampaignAsync(0);
        var form = await Forms.GetDocumentAsync(s.Prescriber, $"/materiel/campagnes/{s.CampaignId}/orienter");
        var shown = form.QuerySelector("#finalite")!.TextContent.Trim();
        Assert.Contains("Ordinateurs " + s.Prefix, shown);

        var bad = Person("Inès", "Benali", "Ville-qui-n-existe-pas");
        bad["Input.Consent"] = "";
        bad["Input.BirthYear"] = "1850";
        bad["Input.Phone"] = "12345";
        bad["Input.Email"] = "pas-une-adresse";
        bad["Input.Need"] = new string('x', 501);
        bad["Input.FirstName"] = " ";
        var response = await Forms.SubmitAsync(s.Prescriber, $"/materiel/campagnes/{s.CampaignId}/orienter", bad, "form.form");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Forms.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("consentement de la personne est obligatoire", page.QuerySelector("#Input_Consent-error")!.TextContent);
        Assert.Contains("Indiquez le prénom", page.QuerySelector("#Input_FirstName-error")!.TextContent);
        Assert.Contains($"entre {DateTime.UtcNow.Year - 110} et", page.QuerySelector("#Input_BirthYear-error")!.TextContent);
        Assert.Contains("numéro français à 10 chiffres", page.QuerySelector("#Input_Phone-error")!.TextContent);
        Assert.Contains("adresse e-mail n'est pas valide", page.QuerySelector("#Input_Email-error")!.TextContent);
        Assert.Contains("500 caractères (il en a 501)", page.QuerySelector("#Input_Need-error")!.TextContent);
        Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector("#Input_Commune-error")!.TextContent));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Referrals.CountAsync(r => r.CampaignId == s.CampaignId)));

        var good = Person("Inès", "Benali", "Saint-Chamond");
        good["Input.Email"] = "ines.benali@exemple.fr";
        good["Input.Phone"] = "+33 6 12 34 56 78";
        var id = await ReferAsync(s.Prescriber, s.CampaignId, good);
        var referral = await ReferralAsync(id);
        Assert.Equal(("Inès", "Benali", MaillageFactory.SaintChamond, "06 12 34 56 78"), (referral.FirstName, referral.LastName, referral.CommuneCode, referral.Phone));
        Assert.Equal((ReferralStatus.Referred, s.PrescriberId), (referral.Status, referral.PrescriberOrganizationId));
        Assert.Equal(shown, referral.ConsentPurpose);
        Assert.True(await factory.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.ReferralCreated && e.TargetId == S(id))));

        // Opening the person's details is journaled; the journal never holds their name.
        var details = await Forms.GetDocumentAsync(s.Prescriber, $"/materiel/campagnes/orientations/{id}");
        Assert.Contains("Inès Benali", details.QuerySelector("h1")!.TextContent);
        Assert.True(await factory.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.ReferralRead && e.TargetId == S(id))));
        Assert.False(await factory.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Details!.Contains("Benali"))));

        // A closed campaign receives no more referrals.
        await factory.WithDbAsync(db => db.Campaigns.Where(c => c.Id == s.CampaignId).ExecuteUpdateAsync(u => u.SetProperty(c => c.IsActive, false)));
        var closed = await Forms.GetDocumentAsync(s.Prescriber, $"/materiel/campagnes/{s.CampaignId}/orienter");
        Assert.Contains("La campagne est close", closed.QuerySelector("[role=status]")!.TextContent);
        Assert.Null(closed.QuerySelector("form.form"));
    }

    [Fact]
    public async Task A_prescriber_sees_only_its_own_referrals_and_other_structures_reach_nothing()
    {
        var s = await CampaignAsync(1);
        var other = await factory.CreateOrganizationAsync("Autre prescripteur " + Guid.NewGuid().ToString("N")[..6]);
        await factory.WithDbAsync(db =>
        {
            db.CampaignPrescribers.Add(new CampaignPrescriber { CampaignId = s.CampaignId, OrganizationId = other.Id });
            return db.SaveChangesAsync();
        });
        var otherPrescriber = await SignInAsync(Role.Structure, organizationId: other.Id);
        var mine = await ReferAsync(s.Prescriber, s.CampaignId, Person("Yanis", "Martin"));
        var theirs = await ReferAsync(otherPrescriber, s.CampaignId, Person("Lina", "Ferreira"));

        var list = await Forms.GetDocumentAsync(s.Prescriber, $"/materiel/campagnes/{s.CampaignId}");
        var rows = list.QuerySelectorAll("tbody th a").Select(a => a.TextContent).ToList();
        Assert.Contains("Yanis Martin", rows);
        Assert.DoesNotContain("Lina Ferreira", rows);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Prescriber.GetAsync($"/materiel/campagnes/orientations/{theirs}")).StatusCode);
        Assert.Null(list.QuerySelector($"a[href='/materiel/campagnes/{s.CampaignId}/stock']"));

        // The coordinator sees both, and filters by prescriber and status.
        var all = await Forms.GetDocumentAsync(s.Coordinator, $"/materiel/campagnes/{s.CampaignId}");
        Assert.Contains("2 orientations", all.QuerySelector("[role=status]")!.TextContent);
        var filtered = await Forms.GetDocumentAsync(s.Coordinator, $"/materiel/campagnes/{s.CampaignId}?prescripteur={other.Id}&statut=Referred");
        Assert.Equal(["Lina Ferreira"], filtered.QuerySelectorAll("tbody th a").Select(a => a.TextContent));

        // A prescriber does not attribute: the form is not there and a forged post is refused.
        var prescriberView = await Forms.GetDocumentAsync(s.Prescriber, $"/materiel/campagnes/orientations/{mine}");
        Assert.Null(prescriberView.QuerySelector("form[action*='handler=Attribute']"));
        var forged = await s.Prescriber.PostAsync($"/materiel/campagnes/orientations/{mine}?handler=Attribute", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = prescriberView.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "",
            ["Attribution.ItemId"] = S(s.Items[0]),
            ["Attribution.Kind"] = "Donation",
        }));
        Assert.NotEqual(HttpStatusCode.OK, forged.StatusCode);
        Assert.Equal(ItemStatus.Available, (await ItemAsync(s.Items[0])).Status);

        // A structure that does not prescribe for the campaign reaches none of it, by the pages or the API.
        var stranger = await SignInAsync(Role.Structure, organizationId: (await factory.CreateOrganizationAsync()).Id);
        foreach (var url in new[] { $"/materiel/campagnes/{s.CampaignId}", $"/materiel/campagnes/{s.CampaignId}/orienter", $"/materiel/campagnes/orientations/{mine}", $"/materiel/campagnes/orientations/{mine}/convention", $"/materiel/campagnes/orientations/{mine}/effacer", $"/api/v1/materiel/campagnes/{s.CampaignId}" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(url)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/v1/materiel/campagnes/{s.CampaignId}/orientations", new { firstName = "A", lastName = "B", consent = true })).StatusCode);
        Assert.Equal(0, (await stranger.GetFromJsonAsync<JsonElement>("/api/v1/materiel/campagnes")).GetArrayLength());

        // A coordinator of another territory (Roanne) neither.
        var roanne = await SignInAsync(Role.Coordinateur, territory: "42187");
        Assert.Equal(HttpStatusCode.NotFound, (await roanne.GetAsync($"/materiel/campagnes/{s.CampaignId}")).StatusCode);
    }

    [Fact]
    public async Task The_coordinator_lends_and_gives_computers_prints_the_agreement_and_records_the_signature()
    {
        var s = await CampaignAsync(2);
        var loan = await ReferAsync(s.Prescriber, s.CampaignId, Person("Mathis", "Rousset", "42218"));
        var gift = await ReferAsync(s.Prescriber, s.CampaignId, Person("Chloé", "Diallo"));

        var noDue = await AttributeAsync(s.Coordinator, loan, s.Items[0], "Loan", "");
        Assert.Contains("Indiquez la date de retour", Forms.Parse(await noDue.Content.ReadAsStringAsync()).QuerySelector("#Attribution_DueDate-error")!.TextContent);
        var past = await AttributeAsync(s.Coordinator, loan, s.Items[0], "Loan", Day(-1));
        Assert.Contains("après aujourd'hui", Forms.Parse(await past.Content.ReadAsStringAsync()).QuerySelector("#Attribution_DueDate-error")!.TextContent);
        Assert.Equal(ItemStatus.Available, (await ItemAsync(s.Items[0])).Status);

        var due = DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(6);
        Assert.Equal(HttpStatusCode.Redirect, (await AttributeAsync(s.Coordinator, loan, s.Items[0], "Loan", due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))).StatusCode);
        var lent = await ReferralAsync(loan);
        Assert.Equal((ReferralStatus.Attributed, AttributionKind.Loan, s.Items[0], due), (lent.Status, lent.Kind!.Value, lent.ItemId!.Value, lent.DueDate!.Value));
        Assert.Equal(ItemStatus.OnLoan, (await ItemAsync(s.Items[0])).Status);
        var history = await factory.WithDbAsync(db => db.ItemEvents.Where(e => e.ItemId == s.Items[0] && e.Kind == ItemEventKind.Attributed).Select(e => e.Text).SingleAsync());
        Assert.Contains($"orientation n° {loan}", history);
        Assert.DoesNotContain("Rousset", history);

        // The device just lent is no longer offered; a forged post for it is refused.
        var again = await AttributeAsync(s.Coordinator, gift, s.Items[0], "Donation", null);
        Assert.Contains("n'est pas disponible", Forms.Parse(await again.Content.ReadAsStringAsync()).QuerySelector("#Attribution_ItemId-error")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await AttributeAsync(s.Coordinator, gift, s.Items[1], "Donation", null)).StatusCode);
        Assert.Equal(ItemStatus.Donated, (await ItemAsync(s.Items[1])).Status);
        Assert.Equal((ReferralStatus.Attributed, AttributionKind.Donation, (DateOnly?)null), ((await ReferralAsync(gift)).Status, (await ReferralAsync(gift)).Kind!.Value, (await ReferralAsync(gift)).DueDate));

        var agreement = await Forms.GetDocumentAsync(s.Coordinator, $"/materiel/campagnes/orientations/{loan}/convention");
        var text = agreement.QuerySelector(".agreement")!.TextContent;
        Assert.Contains("Convention de prêt", text);
        Assert.Contains("Mathis Rousset", text);
        Assert.Contains(AssetTags.Format(s.Prefix, 1), text);
        Assert.Contains($"SN{s.Prefix}001", text);
        Assert.Contains(CampaignText.Date(due), text);
        Assert.Contains("Chargeur", text);
        Assert.Contains("Convention de don", (await Forms.GetDocumentAsync(s.Coordinator, $"/materiel/campagnes/orientations/{gift}/convention")).QuerySelector("h1")!.TextContent);

        var unsigned = await Forms.SubmitAsync(s.Coordinator, $"/materiel/campagnes/orientations/{loan}", new Dictionary<string, string> { ["SignedName"] = " " }, "form[action*='handler=Sign']");
        Assert.Contains("Tapez le nom", Forms.Parse(await unsigned.Content.ReadAsStringAsync()).QuerySelector("#SignedName-error")!.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(s.Coordinator, $"/materiel/campagnes/orientations/{loan}", new Dictionary<string, string> { ["SignedName"] = "Mathis Rousset" }, "form[action*='handler=Sign']")).StatusCode);
        Assert.Equal("Mathis Rousset", (await ReferralAsync(loan)).AgreementSignedName);
    }

    [Fact]
    public async Task Two_coordinators_attributing_one_device_at_once_get_one_success_and_one_clear_refusal()
    {
        var s = await CampaignAsync(3);
        var second = await SignInAsync(Role.Coordinateur, territory: MaillageFactory.SaintEtienne);
        foreach (var item in s.Items)
        {
            var a = await ReferAsync(s.Prescriber, s.CampaignId, Person("Théo", "Girard"));
            var b = await ReferAsync(s.Prescriber, s.CampaignId, Person("Sarah", "Nguyen"));
            var due = Day(90);
            var answers = await Task.WhenAll(AttributeAsync(s.Coordinator, a, item, "Loan", due), AttributeAsync(second, b, item, "Donation", null));
            Assert.Single(answers, r => r.StatusCode == HttpStatusCode.Redirect);
            var refused = Assert.Single(answers, r => r.StatusCode == HttpStatusCode.OK);
            var message = Forms.Parse(await refused.Content.ReadAsStringAsync()).QuerySelector("[role=alert]")!.TextContent;
            Assert.Contains("autre", message);
            Assert.Contains("ordinateur", message, StringComparison.OrdinalIgnoreCase);

            var holders = await factory.WithDbAsync(db => db.Referrals.Where(r => (r.Id == a || r.Id == b) && r.Status == ReferralStatus.Attributed).Select(r => r.ItemId).ToListAsync());
            Assert.Equal([item], holders);
            var status = (await ItemAsync(item)).Status;
            Assert.Contains(status, new[] { ItemStatus.OnLoan, ItemStatus.Donated });
            Assert.Equal(1, await factory.WithDbAsync(db => db.ItemEvents.CountAsync(e => e.ItemId == item && e.Kind == ItemEventKind.Attributed)));
        }
    }

    [Fact]
    public async Task The_database_itself_refuses_a_second_live_attribution_of_one_device()
    {
        var s = await CampaignAsync(1);
        var a = await ReferAsync(s.Prescriber, s.CampaignId, Person("Maëlys", "Mercier"));
        var b = await ReferAsync(s.Prescriber, s.CampaignId, Person("Kylian", "Sow"));
        Assert.Equal(HttpStatusCode.Redirect, (await AttributeAsync(s.Coordinator, a, s.Items[0], "Donation", null)).StatusCode);

        // Past every check of the service: the filtered unique index on Referral.ItemId still says no.
        var error = await Record.ExceptionAsync(() => factory.WithDbAsync(db => db.Referrals.Where(r => r.Id == b)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, ReferralStatus.Attributed).SetProperty(r => r.ItemId, s.Items[0]))));
        Assert.True(error is not null && Maillage.Features.Agenda.Booking.BookingService.IsUniqueViolation(error), error?.ToString());

        // A returned attribution frees the index for the device's next person.
        await factory.WithDbAsync(db => db.Referrals.Where(r => r.Id == a).ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, ReferralStatus.Returned)));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Referrals.Where(r => r.Id == b)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, ReferralStatus.Attributed).SetProperty(r => r.ItemId, s.Items[0]))));
    }

    [Fact]
    public async Task A_returned_loan_comes_back_to_stock_or_to_maintenance_when_damaged_and_a_donation_is_not_returned()
    {
        var s = await CampaignAsync(3);
        var ids = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var id = await ReferAsync(s.Prescriber, s.CampaignId, Person("Nolan", "Faure"));
            Assert.Equal(HttpStatusCode.Redirect, (await AttributeAsync(s.Coordinator, id, s.Items[i], i == 2 ? "Donation" : "Loan", i == 2 ? null : Day(30))).StatusCode);
            ids.Add(id);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(s.Coordinator, $"/materiel/campagnes/orientations/{ids[0]}", new Dictionary<string, string> { ["Note"] = "Rendu complet" }, "form[action*='handler=Return']")).StatusCode);
        Assert.Equal(ItemStatus.Available, (await ItemAsync(s.Items[0])).Status);
        var returned = await ReferralAsync(ids[0]);
        Assert.Equal((ReferralStatus.Returned, "Rendu complet"), (returned.Status, returned.ReturnNote));
        Assert.NotNull(returned.ReturnedOn);
        Assert.True(await factory.WithDbAsync(db => db.ItemEvents.AnyAsync(e => e.ItemId == s.Items[0] && e.Kind == ItemEventKind.Returned)));

        // Damaged: a reason is needed, then a maintenance ticket and the item out of the stock's available ones.
        var noReason = await Forms.SubmitAsync(s.Coordinator, $"/materiel/campagnes/orientations/{ids[1]}", new Dictionary<string, string> { ["Damaged"] = "true" }, "form[action*='handler=Return']");
        Assert.Contains("Décrivez le dommage", Forms.Parse(await noReason.Content.ReadAsStringAsync()).QuerySelector("#Reason-error")!.TextContent);
        Assert.Equal(ItemStatus.OnLoan, (await ItemAsync(s.Items[1])).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(s.Coordinator, $"/materiel/campagnes/orientations/{ids[1]}", new Dictionary<string, string> { ["Damaged"] = "true", ["Reason"] = "Écran fissuré" }, "form[action*='handler=Return']")).StatusCode);
        Assert.Equal(ItemStatus.InMaintenance, (await ItemAsync(s.Items[1])).Status);
        var ticket = await factory.WithDbAsync(db => db.MaintenanceTickets.AsNoTracking().SingleAsync(t => t.ItemId == s.Items[1]));
        Assert.Equal(("Écran fissuré", MaintenanceStatus.Open), (ticket.Reason, ticket.Status));

        // A donation has no return form, and a forged return is refused.
        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var access = await CampaignAccess.ForAsync(db, new Maillage.Shared.Scoping.UserScope("admin", [new Maillage.Shared.Scoping.ScopeGrant(Role.Administrateur, null, null)]));
            var result = await sp.GetRequiredService<CampaignService>().ReturnAsync(access, ids[2], false, null, null, "Admin");
            Assert.Equal(CampaignOutcome.Invalid, result.Outcome);
            Assert.Contains("Un don ne se rend pas", result.Message);
        });
        Assert.Null((await Forms.GetDocumentAsync(s.Coordinator, $"/materiel/campagnes/orientations/{ids[2]}")).QuerySelector("form[action*='handler=Return']"));
        Assert.Equal(ItemStatus.Donated, (await ItemAsync(s.Items[2])).Status);
    }

    [Fact]
    public async Task Withdrawing_and_erasing_ask_for_confirmation_and_erasure_keeps_only_the_figures()
    {
        var s = await CampaignAsync(1);
        var withdrawn = await ReferAsync(s.Prescriber, s.CampaignId, Person("Jade", "Bouchet"));
        var erased = await ReferAsync(s.Prescriber, s.CampaignId, Person("Adam", "Mendes", "Saint-Chamond"));
        Assert.Equal(HttpStatusCode.Redirect, (await AttributeAsync(s.Coordinator, erased, s.Items[0], "Loan", Day(60))).StatusCode);

        var confirm = await Forms.GetDocumentAsync(s.Prescriber, $"/materiel/campagnes/orientations/{withdrawn}/retirer");
        Assert.Contains("Retirer l'orientation de Jade Bouchet ?", confirm.QuerySelector("h1")!.TextContent);
        Assert.Equal(ReferralStatus.Referred, (await ReferralAsync(withdrawn)).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(s.Prescriber, $"/materiel/campagnes/orientations/{withdrawn}/retirer", new Dictionary<string, string>(), "form.form")).StatusCode);
        Assert.Equal(ReferralStatus.Withdrawn, (await ReferralAsync(withdrawn)).Status);
        // Only the campaign's managers decline.
        var waiting = await ReferAsync(s.Prescriber, s.CampaignId, Person("Bilal", "Khelifi"));
        await Forms.SubmitAsync(s.Prescriber, $"/materiel/campagnes/orientations/{waiting}/ne-pas-retenir", new Dictionary<string, string>(), "form.form");
        Assert.Equal(ReferralStatus.Referred, (await ReferralAsync(waiting)).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(s.Coordinator, $"/materiel/campagnes/orientations/{waiting}/ne-pas-retenir", new Dictionary<string, string>(), "form.form")).StatusCode);
        Assert.Equal(ReferralStatus.Declined, (await ReferralAsync(waiting)).Status);

        var before = await s.Coordinator.GetFromJsonAsync<JsonElement>($"/api/v1/materiel/campagnes/{s.CampaignId}");
        Assert.Contains("définitif", (await Forms.GetDocumentAsync(s.Coordinator, $"/materiel/campagnes/orientations/{erased}/effacer")).QuerySelector("[role=status]")!.TextContent);
        Assert.Equal("Adam", (await ReferralAsync(erased)).FirstName);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(s.Coordinator, $"/materiel/campagnes/orientations/{erased}/effacer", new Dictionary<string, string>(), "form.form")).StatusCode);
        var after = await ReferralAsync(erased);
        Assert.Equal(((string?)null, (string?)null, (string?)null, (string?)null), (after.FirstName, after.LastName, after.Phone, after.Need));
        Assert.NotNull(after.AnonymisedAt);
        Assert.Equal((MaillageFactory.SaintChamond, ReferralStatus.Attributed, s.Items[0]), (after.CommuneCode!, after.Status, after.ItemId!.Value));
        Assert.True(await factory.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.ReferralErased && e.TargetId == S(erased))));
        var figures = (await s.Coordinator.GetFromJsonAsync<JsonElement>($"/api/v1/materiel/campagnes/{s.CampaignId}")).GetProperty("figures");
        Assert.Equal(before.GetProperty("figures").ToString(), figures.ToString());
        var page = await Forms.GetDocumentAsync(s.Coordinator, $"/materiel/campagnes/orientations/{erased}");
        Assert.Contains("données effacées", page.QuerySelector("h1")!.TextContent);
        Assert.DoesNotContain("Mendes", page.Body!.TextContent);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Coordinator.GetAsync($"/materiel/campagnes/orientations/{erased}/convention")).StatusCode);
    }

    [Fact]
    public async Task Figures_count_stock_referrals_attributions_returns_and_overdue_loans_by_prescriber_and_commune()
    {
        var s = await CampaignAsync(5);
        var ccas = await factory.CreateOrganizationAsync("CCAS " + Guid.NewGuid().ToString("N")[..6]);
        await factory.WithDbAsync(db =>
        {
            db.CampaignPrescribers.Add(new CampaignPrescriber { CampaignId = s.CampaignId, OrganizationId = ccas.Id });
            return db.SaveChangesAsync();
        });
        var ccasUser = await SignInAsync(Role.Structure, organizationId: ccas.Id);
        var r1 = await ReferAsync(s.Prescriber, s.CampaignId, Person("Léa", "Perrin", "Saint-Étienne"));
        var r2 = await ReferAsync(s.Prescriber, s.CampaignId, Person("Enzo", "Traoré", "Saint-Étienne"));
        var r3 = await ReferAsync(s.Prescriber, s.CampaignId, Person("Emma", "Lambert", "Saint-Chamond"));
        var r4 = await ReferAsync(ccasUser, s.CampaignId, Person("Lucas", "Roux", "Saint-Chamond"));
        await ReferAsync(ccasUser, s.CampaignId, Person("Zoé", "Vidal"));
        Assert.Equal(HttpStatusCode.Redirect, (await AttributeAsync(s.Coordinator, r1, s.Items[0], "Loan", Day(30))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AttributeAsync(s.Coordinator, r2, s.Items[1], "Loan", Day(30))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AttributeAsync(s.Coordinator, r3, s.Items[2], "Donation", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await AttributeAsync(s.Coordinator, r4, s.Items[3], "Loan", Day(30))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Forms.SubmitAsync(s.Coordinator, $"/materiel/campagnes/orientations/{r2}", new Dictionary<string, string>(), "form[action*='handler=Return']")).StatusCode);
        // The CCAS loan is now overdue.
        await factory.WithDbAsync(db => db.Referrals.Where(r => r.Id == r4).ExecuteUpdateAsync(u => u.SetProperty(r => r.DueDate, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3))));

        var f = (await s.Coordinator.GetFromJsonAsync<JsonElement>($"/api/v1/materiel/campagnes/{s.CampaignId}")).GetProperty("figures");
        Assert.Equal((5, 2, 5, 1), (f.GetProperty("stock").GetInt32(), f.GetProperty("available").GetInt32(), f.GetProperty("referred").GetInt32(), f.GetProperty("waiting").GetInt32()));
        Assert.Equal((4, 3, 1, 1, 1), (f.GetProperty("attributed").GetInt32(), f.GetProperty("loans").GetInt32(), f.GetProperty("donations").GetInt32(), f.GetProperty("returned").GetInt32(), f.GetProperty("overdue").GetInt32()));
        var byPrescriber = f.GetProperty("byPrescriber").EnumerateArray().ToDictionary(l => l.GetProperty("label").GetString()!, l => (l.GetProperty("referred").GetInt32(), l.GetProperty("attributed").GetInt32(), l.GetProperty("returned").GetInt32()));
        Assert.Equal((3, 3, 1), byPrescriber.Single(p => p.Key.StartsWith("Mission locale", StringComparison.Ordinal)).Value);
        Assert.Equal((2, 1, 0), byPrescriber[ccas.Name]);
        var byCommune = f.GetProperty("byCommune").EnumerateArray().ToDictionary(l => l.GetProperty("label").GetString()!, l => (l.GetProperty("referred").GetInt32(), l.GetProperty("attributed").GetInt32(), l.GetProperty("returned").GetInt32()));
        Assert.Equal((2, 2, 1), byCommune[$"Saint-Étienne ({MaillageFactory.SaintEtienne})"]);
        Assert.Equal((2, 2, 0), byCommune[$"Saint-Chamond ({MaillageFactory.SaintChamond})"]);
        Assert.Equal((1, 0, 0), byCommune["Commune non indiquée"]);

        // The page shows the same, and a prescriber's figures count only its own referrals.
        var page = await Forms.GetDocumentAsync(s.Coordinator, $"/materiel/campagnes/{s.CampaignId}");
        Assert.Contains("1 prêt en retard", page.QuerySelector(".campaign-figures")!.TextContent);
        Assert.Contains("En retard", page.QuerySelectorAll("tbody").Last().TextContent);
        var own = await Forms.GetDocumentAsync(ccasUser, $"/materiel/campagnes/{s.CampaignId}");
        Assert.Contains("2 orientées", own.QuerySelector(".campaign-figures")!.TextContent);
    }

    [Fact]
    public async Task The_api_lists_campaigns_with_figures_and_refers_a_person_with_french_problems()
    {
        var s = await CampaignAsync(2);
        var list = await s.Prescriber.GetFromJsonAsync<JsonElement>("/api/v1/materiel/campagnes");
        var campaign = Assert.Single(list.EnumerateArray());
        Assert.Equal(("Ordinateurs " + s.Prefix, 2, true), (campaign.GetProperty("name").GetString(), campaign.GetProperty("stock").GetInt32(), campaign.GetProperty("isOpen").GetBoolean()));
        Assert.Equal(s.PrescriberId, campaign.GetProperty("prescribers")[0].GetProperty("id").GetInt32());

        var bad = await s.Prescriber.PostAsJsonAsync($"/api/v1/materiel/campagnes/{s.CampaignId}/orientations", new { firstName = "", lastName = "Haddad", email = "nope", birthYear = 1700, consent = false });
        var problem = await ProblemAssert.IsProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.Contains("consentement de la personne est obligatoire", ProblemAssert.FieldErrors(problem, "consent")[0]);
        Assert.Contains("Indiquez le prénom", ProblemAssert.FieldErrors(problem, "firstName")[0]);
        Assert.Contains("adresse e-mail", ProblemAssert.FieldErrors(problem, "email")[0]);
        Assert.Contains("année de naissance", ProblemAssert.FieldErrors(problem, "birthYear")[0]);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Referrals.CountAsync(r => r.CampaignId == s.CampaignId)));

        var created = await s.Prescriber.PostAsJsonAsync($"/api/v1/materiel/campagnes/{s.CampaignId}/orientations", new { firstName = "Sarah", lastName = "Haddad", commune = "42218", consent = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var referral = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((s.PrescriberId, "Referred", MaillageFactory.SaintEtienne), (referral.GetProperty("prescriberOrganizationId").GetInt32(), referral.GetProperty("status").ToString() == "0" ? "Referred" : referral.GetProperty("status").ToString(), referral.GetProperty("communeCode").GetString()));
        Assert.Contains("Ordinateurs " + s.Prefix, referral.GetProperty("consentPurpose").GetString());

        var details = await s.Coordinator.GetFromJsonAsync<JsonElement>($"/api/v1/materiel/campagnes/{s.CampaignId}");
        Assert.Equal(1, details.GetProperty("figures").GetProperty("referred").GetInt32());

        // A closed campaign: a French problem, nothing saved; an advisor has no campaigns.
        await factory.WithDbAsync(db => db.Campaigns.Where(c => c.Id == s.CampaignId).ExecuteUpdateAsync(u => u.SetProperty(c => c.EndsOn, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-2))));
        var closed = await ProblemAssert.IsProblemAsync(await s.Prescriber.PostAsJsonAsync($"/api/v1/materiel/campagnes/{s.CampaignId}/orientations", new { firstName = "Léo", lastName = "Blanc", consent = true }), HttpStatusCode.BadRequest);
        Assert.Contains("La campagne est close", closed.GetProperty("detail").GetString());
        var advisor = await SignInAsync(Role.Conseiller, organizationId: s.OwnerId);
        await ProblemAssert.IsProblemAsync(await advisor.GetAsync("/api/v1/materiel/campagnes"), HttpStatusCode.Forbidden);
    }
}

/// <summary>The seeds' campaign, produced by the real demo seeder.</summary>
[Trait("Category", "Database")]
public sealed class CampaignDemoTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    [Fact]
    public async Task The_demo_campaign_has_40_laptops_25_referrals_15_equipped_one_overdue_and_the_structure_account_prescribes()
    {
        await factory.WithScopeAsync(sp => sp.GetRequiredService<DemoSeeder>().SeedAsync());
        var campaign = await factory.WithDbAsync(db => db.Campaigns.AsNoTracking().Include(c => c.Prescribers).ThenInclude(p => p.Organization).SingleAsync(c => c.Name == CampaignDemo.CampaignName));
        Assert.Equal(1500, campaign.TargetCount);
        Assert.Equal(CampaignDemo.MissionLocale, Assert.Single(campaign.Prescribers).Organization!.Name);
        var unit = await factory.WithDbAsync(db => db.Organizations.SingleAsync(o => o.Name == ActivitiesDemo.UnitName));
        Assert.Equal(unit.Id, campaign.OrganizationId);
        var items = await factory.WithDbAsync(db => db.Items.AsNoTracking().Where(i => i.CampaignId == campaign.Id).ToListAsync());
        Assert.Equal(40, items.Count);
        Assert.All(items, i => Assert.StartsWith("PC-", i.AssetTag, StringComparison.Ordinal));
        Assert.Equal(FleetDemo.FleetSize + 40, await factory.WithDbAsync(db => db.Items.Select(i => i.AssetTag).Distinct().CountAsync()));

        var structure = factory.CreateBrowserClient();
        await factory.LoginAsync(structure, CampaignDemo.StructureAccount, DemoSeeder.Password);
        var f = (await structure.GetFromJsonAsync<JsonElement>($"/api/v1/materiel/campagnes/{campaign.Id}")).GetProperty("figures");
        Assert.Equal((40, 25, 15, 10, 5, 2, 1), (f.GetProperty("stock").GetInt32(), f.GetProperty("referred").GetInt32(), f.GetProperty("attributed").GetInt32(), f.GetProperty("loans").GetInt32(), f.GetProperty("donations").GetInt32(), f.GetProperty("returned").GetInt32(), f.GetProperty("overdue").GetInt32()));
        Assert.Equal(40 - 8 - 5, f.GetProperty("available").GetInt32());
        Assert.Contains("Orienter une personne", (await Forms.GetDocumentAsync(structure, $"/materiel/campagnes/{campaign.Id}")).Body!.TextContent);
    }
}
