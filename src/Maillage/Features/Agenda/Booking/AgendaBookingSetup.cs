namespace Maillage.Features.Agenda.Booking;

/// <summary>Services and endpoints of the public booking of appointments.</summary>
public static class AgendaBookingSetup
{
    public static IServiceCollection AddAgendaBooking(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AgendaOptions>().BindConfiguration(AgendaOptions.Section);
        services.AddScoped<BookingService>();
        return services;
    }
}
