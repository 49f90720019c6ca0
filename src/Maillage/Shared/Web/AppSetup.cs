using Maillage.Data;
using Maillage.Features.Accompagnements;
using Maillage.Features.Comptes;
using Maillage.Features.Lieux.Geocoding;
using Maillage.Features.Structures;
using Maillage.Features.Territoires;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Shared.Web;

public static class AppSetup
{
    /// <summary>Every service of the application, for the web host and the command-line verbs alike.</summary>
    public static IHostApplicationBuilder AddMaillageServices(this IHostApplicationBuilder builder)
    {
        builder.EnsureProductionReady();
        builder.AddMaillageDatabase();
        builder.AddMaillageWeb();
        builder.AddMaillageAccounts();
        builder.Services.AddScoped<TerritoryImporter>();
        builder.Services.AddScoped<DemoSeeder>();
        builder.Services.AddScoped<IDemoContributor, Features.Lieux.PlacesDemo>();
        builder.Services.AddScoped<IDemoContributor, Features.Accompagnements.ActivitiesDemo>();
        builder.Services.AddScoped<IDemoContributor, Features.Agenda.AgendaDemo>();
        builder.Services.AddScoped<IDemoContributor, Features.Materiel.FleetDemo>();
        builder.Services.AddScoped<IDemoContributor, Features.Materiel.LendingDemo>();
        builder.Services.AddScoped<IDemoContributor, Features.Materiel.Campaigns.CampaignDemo>();
        builder.Services.AddScoped<Features.Lieux.Import.PlaceImporter>();
        builder.Services.AddMaillageGeocoding(builder.Configuration);
        builder.Services.AddSingleton<Features.Lieux.SearchIndex.PublishedPlaceIndex>();
        builder.Services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, Features.Lieux.SearchIndex.PlacesJsonContext.Default));
        builder.Services.AddScoped<Features.Lieux.Gestion.PlaceEditor>();
        builder.Services.AddScoped<Features.Accompagnements.ActivityService>();
        builder.Services.AddScoped<Features.Materiel.FleetService>();
        builder.Services.AddScoped<Features.Materiel.FleetExchange>();
        builder.Services.AddScoped<Features.Materiel.KitService>();
        builder.Services.AddScoped<Features.Materiel.ReservationService>();
        builder.Services.AddScoped<Features.Materiel.MaintenanceService>();
        builder.Services.AddScoped<Features.Materiel.LendingMails>();
        builder.Services.AddScoped<Features.Materiel.LendingDaily>();
        builder.Services.AddScoped<Features.Materiel.LendingAvailability>();
        builder.Services.AddScoped<Features.Materiel.LendingFigures>();
        builder.Services.AddHostedService<Features.Materiel.LendingDailyJob>();
        builder.Services.AddScoped<Features.Materiel.Campaigns.CampaignService>();
        Features.Accompagnements.Beneficiaires.BeneficiariesApi.AddBeneficiaries(builder.Services);
        Features.Agenda.Booking.AgendaBookingSetup.AddAgendaBooking(builder.Services, builder.Configuration);
        Features.Agenda.Conseillers.AgendaAdvisorsSetup.AddAgendaAdvisors(builder.Services);
        Features.Agenda.Ateliers.AgendaWorkshopsSetup.AddAgendaWorkshops(builder.Services);
        return builder;
    }

    public static IEndpointRouteBuilder MapMaillageApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1");
        api.MapAccountsApi();
        api.MapTerritoriesApi();
        api.MapOrganizationsApi();
        api.MapPlacesApi();
        api.MapActivitiesApi();
        Features.Agenda.Booking.AgendaBookingSetup.MapAgendaBookingApi(api);
        Features.Accompagnements.Beneficiaires.BeneficiariesApi.MapBeneficiariesApi(api);
        Features.Agenda.Conseillers.AgendaAdvisorsSetup.MapAgendaAdvisorsApi(api);
        Features.Agenda.Ateliers.WorkshopsApi.MapAgendaWorkshopsApi(api);
        Features.Materiel.FleetApi.Map(api);
        Features.Materiel.LendingApi.Map(api);
        Features.Materiel.Campaigns.CampaignsApi.Map(api);
        return app;
    }

    /// <summary>Migrates at start when asked (Development, demo), then seeds the demo territory if enabled and empty.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var migrate = app.Configuration.GetValue("Database:MigrateAtStartup", app.Environment.IsDevelopment());
        var demo = app.Configuration.GetValue("Demo:Enabled", app.Environment.IsDevelopment()) && !app.Environment.IsProduction();
        if (!migrate && !demo)
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (migrate || demo)
        {
            await db.MigrateAsync();
            await Features.Agenda.AgendaDefaults.EnsureDefaultsAsync(db);
            await Features.Materiel.FleetDefaults.EnsureDefaultsAsync(db);
        }

        if (demo && !await db.Users.AnyAsync())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
        }
    }
}
