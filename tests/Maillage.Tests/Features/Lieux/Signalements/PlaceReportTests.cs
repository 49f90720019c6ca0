using System.Net;
using Maillage.Features.Audit;
using Maillage.Features.Comptes;
using Maillage.Features.Lieux.Signalements;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Maillage.Tests.Features.Lieux.Search.PlaceSearchTestData;

namespace Maillage.Tests.Features.Lieux.Signalements;

/// <summary>« Signaler une erreur » from a public fiche, and the coordinators' queue where reports land.</summary>
[Trait("Category", "Database")]
public sealed class PlaceReportTests(PlaceReportTests.Factory factory) : IClassFixture<PlaceReportTests.Factory>
{
    public sealed class Factory : MaillageFactory
    {
        public Factory()
        {
            WithSetting("RateLimiting:PublicPerMinute", "10000");
            WithSetting("RateLimiting:ReportsPerHour", "10000");
        }
    }

    private static Dictionary<string, string> Report(string topic = "horaires", string message = "Le lieu est fermé le lundi matin depuis septembre.", string email = "") => new()
    {
        ["Input.Topic"] = topic,
        ["Input.Message"] = message,
        ["Input.ContactEmail"] = email,
    };

    private Task<List<PlaceReport>> ReportsOnAsync(int placeId) =>
        factory.WithDbAsync(db => db.PlaceReports.AsNoTracking().Where(r => r.PlaceId == placeId).ToListAsync());

    [Fact]
    public async Task AnonymousReportIsStoredAndConfirmedInFrench()
    {
        var place = await factory.AddPlaceAsync($"{NewTag()} signalé", 45.44, 4.39);
        using var client = factory.CreateBrowserClient();

        var fiche = await Forms.GetDocumentAsync(client, $"/lieux/{place.Id}");
        Assert.NotNull(fiche.QuerySelector($"a[href='/lieux/{place.Id}/signaler']"));
        using var response = await Forms.SubmitAsync(client, $"/lieux/{place.Id}/signaler", Report(email: " personne@exemple.test "));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/lieux/{place.Id}/signalement-envoye", response.Headers.Location?.OriginalString);
        var confirmation = await Forms.GetDocumentAsync(client, response.Headers.Location!.OriginalString);
        Assert.Contains("Merci, votre signalement est envoyé", confirmation.QuerySelector("h1")?.TextContent);
        var report = Assert.Single(await ReportsOnAsync(place.Id));
        Assert.Equal("horaires", report.Topic);
        Assert.Equal("Le lieu est fermé le lundi matin depuis septembre.", report.Message);
        Assert.Equal("personne@exemple.test", report.ContactEmail);
        Assert.Equal(PlaceReportStatus.Nouveau, report.Status);
    }

    [Fact]
    public async Task TheCoordinatorsOfThePlacesTerritoryAreToldByMailWithoutTheSendersAddress()
    {
        var tag = NewTag();
        var org = await factory.CreateOrganizationAsync(communeCode: MaillageFactory.SaintEtienne);
        var place = await factory.AddPlaceAsync($"{tag} notifié", organizationId: org.Id);
        var coordinator = TestData.NewEmail("coordination-etienne");
        var elsewhere = TestData.NewEmail("coordination-chamond");
        await factory.CreateUserAsync(coordinator, TestData.Password, Role.Coordinateur, territoryCode: MaillageFactory.SaintEtienne);
        await factory.CreateUserAsync(elsewhere, TestData.Password, Role.Coordinateur, territoryCode: MaillageFactory.SaintChamond);
        using var client = factory.CreateBrowserClient();

        using var response = await Forms.SubmitAsync(client, $"/lieux/{place.Id}/signaler",
            Report(topic: "contact", message: $"{tag} le numéro de téléphone ne répond plus", email: "visiteur@exemple.test"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var mail = await Mailbox.WaitForAsync(coordinator);
        Assert.Contains(place.Name, mail.Subject);
        Assert.Contains($"{tag} le numéro de téléphone ne répond plus", mail.TextBody);
        Assert.Contains("Le téléphone, l'e-mail ou le site est faux", mail.TextBody);
        Assert.Contains(mail.Links, l => l.EndsWith("/gestion/signalements", StringComparison.Ordinal));
        Assert.DoesNotContain("visiteur@exemple.test", mail.TextBody);
        Assert.Empty(Mailbox.Find(elsewhere));
    }

    [Fact]
    public async Task TheFormOffersEveryTopicAsARadioButtonAndAHiddenHoneypot()
    {
        var place = await factory.AddPlaceAsync($"{NewTag()} formulaire");
        using var client = factory.CreateBrowserClient();

        var page = await Forms.GetDocumentAsync(client, $"/lieux/{place.Id}/signaler");

        var radios = page.QuerySelectorAll("input[type=radio][name='Input.Topic']").Select(r => r.GetAttribute("value")).ToList();
        Assert.Equal(PlaceReportTopics.All.Select(t => t.Code), radios);
        Assert.NotNull(page.QuerySelector("form[method=post] input[name='__RequestVerificationToken']"));
        var honeypot = page.QuerySelector(".report-honeypot");
        Assert.Equal("true", honeypot?.GetAttribute("aria-hidden"));
        Assert.Equal("-1", honeypot?.QuerySelector("input[name='Input.Website']")?.GetAttribute("tabindex"));
        Assert.Empty(page.QuerySelectorAll("[style]"));
    }

    [Fact]
    public async Task InvalidReportsAreShownAgainWithFrenchMessagesOnTheFieldsAtFault()
    {
        var place = await factory.AddPlaceAsync($"{NewTag()} invalide");
        using var client = factory.CreateBrowserClient();

        using var empty = await Forms.SubmitAsync(client, $"/lieux/{place.Id}/signaler", Report(topic: "", message: ""));
        using var shortAndBadEmail = await Forms.SubmitAsync(client, $"/lieux/{place.Id}/signaler", Report(message: "court", email: "pas-une-adresse"));
        using var tooLong = await Forms.SubmitAsync(client, $"/lieux/{place.Id}/signaler", Report(topic: "inconnu", message: new string('a', 2001)));

        var first = Forms.Parse(await empty.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("Choisissez ce qui est faux", first.QuerySelector("#topic-error")?.TextContent);
        Assert.Contains("Décrivez l'erreur", first.QuerySelector("#message-error")?.TextContent);
        Assert.Equal("true", first.QuerySelector("#Input_Message")?.GetAttribute("aria-invalid"));
        Assert.Equal("true", first.QuerySelector("#Input_Topic")?.GetAttribute("aria-invalid"));
        Assert.NotNull(first.QuerySelector("#erreurs a[href='#Input_Message']"));

        var second = Forms.Parse(await shortAndBadEmail.Content.ReadAsStringAsync());
        Assert.Contains("entre 10 et 2 000 caractères", second.QuerySelector("#message-error")?.TextContent);
        Assert.Contains("adresse e-mail n'est pas valide", second.QuerySelector("#email-error")?.TextContent);
        Assert.Equal("true", second.QuerySelector("#Input_ContactEmail")?.GetAttribute("aria-invalid"));

        var third = Forms.Parse(await tooLong.Content.ReadAsStringAsync());
        Assert.Contains("entre 10 et 2 000 caractères", third.QuerySelector("#message-error")?.TextContent);
        Assert.Empty(await ReportsOnAsync(place.Id));
    }

    [Fact]
    public async Task AnUnknownTopicIsRefused()
    {
        var place = await factory.AddPlaceAsync($"{NewTag()} sujet");
        using var client = factory.CreateBrowserClient();

        using var response = await Forms.SubmitAsync(client, $"/lieux/{place.Id}/signaler", Report(topic: "inconnu"));

        var page = Forms.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("parmi les choix proposés", page.QuerySelector("#topic-error")?.TextContent);
        Assert.Empty(await ReportsOnAsync(place.Id));
    }

    [Fact]
    public async Task ARobotFillingTheHoneypotSeesTheConfirmationButNothingIsStored()
    {
        var place = await factory.AddPlaceAsync($"{NewTag()} robot");
        using var client = factory.CreateBrowserClient();

        var values = Report();
        values["Input.Website"] = "https://spam.example";
        using var response = await Forms.SubmitAsync(client, $"/lieux/{place.Id}/signaler", values);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/lieux/{place.Id}/signalement-envoye", response.Headers.Location?.OriginalString);
        Assert.Empty(await ReportsOnAsync(place.Id));
    }

    [Fact]
    public async Task ReportsNeedTheAntiforgeryTokenAndAPublishedPlace()
    {
        var place = await factory.AddPlaceAsync($"{NewTag()} jeton");
        var hidden = await factory.AddPlaceAsync($"{NewTag()} caché", published: false);
        using var client = factory.CreateBrowserClient();

        using var forged = await client.PostAsync($"/lieux/{place.Id}/signaler", new FormUrlEncodedContent(Report()));
        using var unpublished = await client.GetAsync($"/lieux/{hidden.Id}/signaler");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unpublished.StatusCode);
        Assert.Empty(await ReportsOnAsync(place.Id));
    }

    [Fact]
    public async Task TheQueueShowsOnlyReportsOnPlacesInTheCoordinatorsTerritory()
    {
        var tag = NewTag();
        var mine = await factory.CreateOrganizationAsync(communeCode: MaillageFactory.SaintEtienne);
        var other = await factory.CreateOrganizationAsync(communeCode: MaillageFactory.SaintChamond);
        var inside = await factory.AddPlaceAsync($"{tag} dans mon territoire", organizationId: mine.Id);
        var outside = await factory.AddPlaceAsync($"{tag} ailleurs", insee: MaillageFactory.SaintChamond, organizationId: other.Id);
        using var visitor = factory.CreateBrowserClient();
        (await Forms.SubmitAsync(visitor, $"/lieux/{inside.Id}/signaler", Report(message: $"{tag} message sur mon lieu"))).Dispose();
        (await Forms.SubmitAsync(visitor, $"/lieux/{outside.Id}/signaler", Report(message: $"{tag} message sur un autre lieu"))).Dispose();
        var email = TestData.NewEmail("coordination");
        await factory.CreateUserAsync(email, TestData.Password, Role.Coordinateur, territoryCode: MaillageFactory.SaintEtienne);
        using var coordinator = factory.CreateBrowserClient();
        (await factory.LoginAsync(coordinator, email, TestData.Password)).Dispose();
        using var anonymous = factory.CreateBrowserClient();

        var queue = await Forms.GetDocumentAsync(coordinator, "/gestion/signalements");
        using var denied = await anonymous.GetAsync("/gestion/signalements");
        var otherReport = (await ReportsOnAsync(outside.Id)).Single();
        using var closeOther = await coordinator.GetAsync($"/gestion/signalements/{otherReport.Id}/clore");

        var text = queue.QuerySelector("main")!.TextContent;
        Assert.Contains($"{tag} message sur mon lieu", text);
        Assert.DoesNotContain($"{tag} message sur un autre lieu", text);
        Assert.NotNull(queue.QuerySelector($"a[href='/gestion/lieux/{inside.Id}/modifier']"));
        Assert.NotNull(queue.QuerySelector($"a[href='/lieux/{inside.Id}']"));
        Assert.NotNull(queue.QuerySelector("nav a[href='/gestion/signalements'][aria-current=page]"));
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, closeOther.StatusCode);
    }

    [Fact]
    public async Task ClosingAReportRecordsWhoAndWhenIsAuditedAndMovesItOutOfTheWaitingList()
    {
        var tag = NewTag();
        var org = await factory.CreateOrganizationAsync(communeCode: MaillageFactory.SaintEtienne);
        var place = await factory.AddPlaceAsync($"{tag} à corriger", organizationId: org.Id);
        using var visitor = factory.CreateBrowserClient();
        (await Forms.SubmitAsync(visitor, $"/lieux/{place.Id}/signaler", Report(message: $"{tag} horaires faux"))).Dispose();
        var report = (await ReportsOnAsync(place.Id)).Single();
        var email = TestData.NewEmail("coordination");
        var user = await factory.CreateUserAsync(email, TestData.Password, Role.Coordinateur, territoryCode: MaillageFactory.SaintEtienne, displayName: "Camille Coordination");
        using var coordinator = factory.CreateBrowserClient();
        (await factory.LoginAsync(coordinator, email, TestData.Password)).Dispose();
        var url = $"/gestion/signalements/{report.Id}/clore";

        using var missing = await Forms.SubmitAsync(coordinator, url, new Dictionary<string, string> { ["Input.Resolution"] = "" }, "form#classer");
        var missingPage = Forms.Parse(await missing.Content.ReadAsStringAsync());
        Assert.Contains("Choisissez « Traité » ou « Rejeté »", missingPage.QuerySelector("#outcome-error")?.TextContent);
        Assert.Equal(PlaceReportStatus.Nouveau, (await ReportsOnAsync(place.Id)).Single().Status);

        using var closed = await Forms.SubmitAsync(coordinator, url,
            new Dictionary<string, string> { ["Input.Outcome"] = "traite", ["Input.Resolution"] = "Horaires corrigés." }, "form#classer");
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);

        var stored = (await ReportsOnAsync(place.Id)).Single();
        Assert.Equal(PlaceReportStatus.Traite, stored.Status);
        Assert.Equal(user.Id, stored.HandledById);
        Assert.Equal("Camille Coordination", stored.HandledByName);
        Assert.Equal("Horaires corrigés.", stored.Resolution);
        Assert.NotNull(stored.HandledAt);
        var entry = await factory.WithDbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == AuditActions.PlaceReportHandled && e.Details!.Contains($"n° {report.Id} ")));
        Assert.Equal(user.Id, entry.ActorId);
        Assert.Equal(place.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), entry.TargetId);

        var waiting = await Forms.GetDocumentAsync(coordinator, "/gestion/signalements");
        var handled = await Forms.GetDocumentAsync(coordinator, "/gestion/signalements?statut=traite");
        Assert.DoesNotContain($"{tag} horaires faux", waiting.QuerySelector("main")!.TextContent);
        Assert.Contains($"{tag} horaires faux", handled.QuerySelector("main")!.TextContent);
        Assert.Contains("Camille Coordination", handled.QuerySelector("main")!.TextContent);

        // Closing twice (a second tab, a colleague) changes nothing and writes no second entry.
        using var secondTry = await coordinator.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, secondTry.StatusCode);
        Assert.Equal(1, await factory.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Details!.Contains($"n° {report.Id} "))));
    }

    [Fact]
    public async Task RejectingAReportIsAuditedAsARejection()
    {
        var org = await factory.CreateOrganizationAsync(communeCode: MaillageFactory.SaintEtienne);
        var place = await factory.AddPlaceAsync($"{NewTag()} spam", organizationId: org.Id);
        using var visitor = factory.CreateBrowserClient();
        (await Forms.SubmitAsync(visitor, $"/lieux/{place.Id}/signaler", Report(topic: "autre", message: "Achetez nos produits miracles !"))).Dispose();
        var report = (await ReportsOnAsync(place.Id)).Single();
        var email = TestData.NewEmail("admin");
        await factory.CreateUserAsync(email, TestData.Password, Role.Administrateur);
        using var admin = factory.CreateBrowserClient();
        (await factory.LoginAsync(admin, email, TestData.Password)).Dispose();

        using var response = await Forms.SubmitAsync(admin, $"/gestion/signalements/{report.Id}/clore",
            new Dictionary<string, string> { ["Input.Outcome"] = "rejete" }, "form#classer");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(PlaceReportStatus.Rejete, (await ReportsOnAsync(place.Id)).Single().Status);
        Assert.True(await factory.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == AuditActions.PlaceReportRejected && e.Details!.Contains($"n° {report.Id} "))));
    }

    [Fact]
    public async Task TheContactEmailOfAReportClosedLongAgoIsForgottenByTheRetentionJob()
    {
        var place = await factory.AddPlaceAsync($"{NewTag()} rétention");
        var now = DateTimeOffset.UtcNow;
        var ids = await factory.WithDbAsync(async db =>
        {
            var old = new PlaceReport { PlaceId = place.Id, Topic = "autre", Message = "Ancien message traité", ContactEmail = "a@exemple.test", CreatedAt = now.AddMonths(-8), Status = PlaceReportStatus.Traite, HandledAt = now.AddMonths(-7) };
            var recent = new PlaceReport { PlaceId = place.Id, Topic = "autre", Message = "Message traité récemment", ContactEmail = "b@exemple.test", CreatedAt = now.AddMonths(-2), Status = PlaceReportStatus.Rejete, HandledAt = now.AddMonths(-1) };
            var waiting = new PlaceReport { PlaceId = place.Id, Topic = "autre", Message = "Message en attente", ContactEmail = "c@exemple.test", CreatedAt = now.AddMonths(-9) };
            db.PlaceReports.AddRange(old, recent, waiting);
            await db.SaveChangesAsync();
            return (old.Id, recent.Id, waiting.Id);
        });

        await factory.WithDbAsync(db => Retention.PurgeAsync(db, new RetentionOptions(), now));

        var emails = await factory.WithDbAsync(db => db.PlaceReports.AsNoTracking().Where(r => r.PlaceId == place.Id).ToDictionaryAsync(r => r.Id, r => r.ContactEmail));
        Assert.Null(emails[ids.Item1]);
        Assert.Equal("b@exemple.test", emails[ids.Item2]);
        Assert.Equal("c@exemple.test", emails[ids.Item3]);
    }

    [Fact]
    public async Task AReportClosedMoreThanTwoYearsAgoIsDeletedAndAnOpenOneIsKept()
    {
        var place = await factory.AddPlaceAsync($"{NewTag()} rétention longue");
        var now = DateTimeOffset.UtcNow;
        var ids = await factory.WithDbAsync(async db =>
        {
            var ancient = new PlaceReport { PlaceId = place.Id, Topic = "autre", Message = "Traité il y a longtemps", CreatedAt = now.AddMonths(-26), Status = PlaceReportStatus.Traite, HandledAt = now.AddMonths(-25) };
            var closed = new PlaceReport { PlaceId = place.Id, Topic = "autre", Message = "Traité il y a un an", CreatedAt = now.AddMonths(-13), Status = PlaceReportStatus.Rejete, HandledAt = now.AddMonths(-12) };
            var waiting = new PlaceReport { PlaceId = place.Id, Topic = "autre", Message = "Toujours en attente", CreatedAt = now.AddMonths(-30) };
            db.PlaceReports.AddRange(ancient, closed, waiting);
            await db.SaveChangesAsync();
            return new[] { ancient.Id, closed.Id, waiting.Id };
        });

        await factory.WithDbAsync(db => Retention.PurgeAsync(db, new RetentionOptions(), now));
        await factory.WithDbAsync(db => Retention.PurgeAsync(db, new RetentionOptions(), now));

        var left = await factory.WithDbAsync(db => db.PlaceReports.AsNoTracking().Where(r => r.PlaceId == place.Id).Select(r => r.Id).OrderBy(id => id).ToListAsync());
        Assert.Equal([ids[1], ids[2]], left);
    }
}

/// <summary>The report form's own rate limit, on a factory with a tiny allowance.</summary>
[Trait("Category", "Database")]
public sealed class PlaceReportRateLimitTests(PlaceReportRateLimitTests.Factory factory) : IClassFixture<PlaceReportRateLimitTests.Factory>
{
    public sealed class Factory : MaillageFactory
    {
        public Factory()
        {
            WithSetting("RateLimiting:PublicPerMinute", "10000");
            WithSetting("RateLimiting:ReportsPerHour", "2");
        }
    }

    [Fact]
    public async Task BeyondAFewReportsAnHourTheSenderGetsAFrench429PageAndNothingIsStored()
    {
        var place = await factory.AddPlaceAsync($"{NewTag()} limité");
        using var client = factory.CreateBrowserClient();
        var values = new Dictionary<string, string> { ["Input.Topic"] = "horaires", ["Input.Message"] = "Les horaires du samedi sont faux." };

        for (var i = 0; i < 2; i++)
        {
            using var accepted = await Forms.SubmitAsync(client, $"/lieux/{place.Id}/signaler", values);
            Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        }

        using var refused = await Forms.SubmitAsync(client, $"/lieux/{place.Id}/signaler", values);
        var page = Forms.Parse(await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("Trop de demandes", page.QuerySelector("h1")?.TextContent.Trim());
        Assert.Equal(2, await factory.WithDbAsync(db => db.PlaceReports.CountAsync(r => r.PlaceId == place.Id)));

        // Reading the form is not a report: it stays available.
        using var form = await client.GetAsync($"/lieux/{place.Id}/signaler");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
    }
}
