namespace Maillage.Features.Agenda.Conseillers;

/// <summary>The advisor's side of the agenda: services, and the API under /api/v1.</summary>
public static class AgendaAdvisorsSetup
{
    public static IServiceCollection AddAgendaAdvisors(this IServiceCollection services)
    {
        // Registered by the booking side too; binding twice is harmless and keeps these pages usable on their own.
        services.AddOptions<AgendaOptions>().BindConfiguration(AgendaOptions.Section);
        services.AddScoped<PermanenceService>();
        services.AddScoped<AppointmentStatusService>();
        services.AddScoped<AppointmentFiles>();
        return services;
    }

    public static RouteGroupBuilder MapAgendaAdvisorsApi(this RouteGroupBuilder api)
    {
        AdvisorsApi.Map(api);
        return api;
    }
}
