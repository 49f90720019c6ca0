using Maillage.Data;
using Maillage.Features.Agenda;
using Maillage.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Maillage.Tests.Features.Agenda.Demo;

/// <summary>The default motifs and workshop catalogue: inserted at start on an empty database, never twice, never brought back.</summary>
[Trait("Category", "Database")]
public sealed class AgendaDefaultsTests(MaillageFactory factory) : IClassFixture<MaillageFactory>
{
    private static Task<List<string>> MotifRowsAsync(AppDbContext db) =>
        db.AppointmentMotifs.AsNoTracking().OrderBy(m => m.Id)
            .Select(m => m.Id + "|" + m.Name + "|" + m.DurationMinutes + "|" + m.MinimumNoticeMinutes + "|" + m.HorizonDays + "|" + m.IsActive + "|" + (m.OrganizationId == null))
            .ToListAsync();

    private static Task<List<string>> WorkshopRowsAsync(AppDbContext db) =>
        db.WorkshopTypes.AsNoTracking().OrderBy(w => w.Id)
            .Select(w => w.Id + "|" + w.Title + "|" + w.DurationMinutes + "|" + w.DefaultCapacity + "|" + w.IsActive + "|" + (w.OrganizationId == null))
            .ToListAsync();

    [Fact]
    public async Task TheStartInsertsTheDefaultsAndRunningThemTwiceMoreChangesNoRow()
    {
        var (motifsBefore, workshopsBefore) = await factory.WithDbAsync(async db => (await MotifRowsAsync(db), await WorkshopRowsAsync(db)));

        await factory.WithDbAsync(async db => { await AgendaDefaults.EnsureDefaultsAsync(db); return 0; });
        await factory.WithDbAsync(async db => { await AgendaDefaults.EnsureDefaultsAsync(db); return 0; });
        var (motifsAfter, workshopsAfter) = await factory.WithDbAsync(async db => (await MotifRowsAsync(db), await WorkshopRowsAsync(db)));

        Assert.Equal(AgendaDefaults.Motifs.Length, motifsBefore.Count);
        Assert.Equal(AgendaDefaults.Workshops.Length, workshopsBefore.Count);
        Assert.Equal(motifsBefore, motifsAfter);
        Assert.Equal(workshopsBefore, workshopsAfter);
    }

    [Fact]
    public async Task TheDefaultsAreTheSeedsThemesInPlainFrenchWithTheIssuesDefaults()
    {
        var (motifs, types) = await factory.WithDbAsync(async db =>
            (await db.AppointmentMotifs.AsNoTracking().ToListAsync(), await db.WorkshopTypes.AsNoTracking().ToListAsync()));

        Assert.Contains(motifs, m => m.Name == "Démarche administrative en ligne");
        Assert.Contains(motifs, m => m.Name == "Prendre en main son smartphone");
        Assert.Contains(motifs, m => m.Name == "Créer son adresse e-mail");
        Assert.All(motifs, m =>
        {
            Assert.Equal(120, m.MinimumNoticeMinutes);
            Assert.Equal(30, m.HorizonDays);
            Assert.InRange(m.DurationMinutes, 15, 120);
            Assert.NotEqual(Maillage.Features.Accompagnements.ActivityTheme.None, m.Theme);
            Assert.False(string.IsNullOrWhiteSpace(m.Description));
        });
        Assert.Equal(motifs.Count, motifs.Select(m => m.SortOrder).Distinct().Count());

        string[] seeds =
        [
            "Protéger ses données personnelles", "Maîtriser les réseaux sociaux", "Vérifier les sources d'information", "Faire son CV",
            "Vendre un objet en ligne", "Acheter en ligne", "Travailler à distance", "Consulter un médecin à distance",
        ];
        Assert.Equal(seeds.Order(), types.Select(t => t.Title).Order());
        Assert.All(types, t =>
        {
            Assert.True(t.Description.Length > 40, t.Title);
            Assert.NotEqual(Maillage.Features.Accompagnements.ActivityTheme.None, t.Themes);
            Assert.InRange(t.DefaultCapacity, 4, 12);
            Assert.Null(t.OrganizationId);
        });
    }

    [Fact]
    public async Task AnArchivedOrRenamedDefaultIsNotBroughtBack()
    {
        var id = await factory.WithDbAsync(async db =>
        {
            var motif = await db.AppointmentMotifs.OrderBy(m => m.Id).FirstAsync();
            motif.IsActive = false;
            motif.Name += " (archivé)";
            var type = await db.WorkshopTypes.OrderBy(w => w.Id).FirstAsync();
            db.WorkshopTypes.Remove(type);
            await db.SaveChangesAsync();
            return motif.Id;
        });

        try
        {
            await factory.WithDbAsync(async db => { await AgendaDefaults.EnsureDefaultsAsync(db); return 0; });
            var (motifs, types, archived) = await factory.WithDbAsync(async db =>
                (await db.AppointmentMotifs.CountAsync(), await db.WorkshopTypes.CountAsync(), await db.AppointmentMotifs.SingleAsync(m => m.Id == id)));

            Assert.Equal(AgendaDefaults.Motifs.Length, motifs);
            Assert.Equal(AgendaDefaults.Workshops.Length - 1, types);
            Assert.False(archived.IsActive);
            Assert.EndsWith("(archivé)", archived.Name, StringComparison.Ordinal);
        }
        finally
        {
            await factory.WithDbAsync(async db =>
            {
                var motif = await db.AppointmentMotifs.SingleAsync(m => m.Id == id);
                motif.IsActive = true;
                motif.Name = motif.Name.Replace(" (archivé)", "", StringComparison.Ordinal);
                var first = AgendaDefaults.Workshops[0];
                db.WorkshopTypes.Add(new WorkshopType { Title = first.Title, Themes = first.Themes, Level = first.Level, DurationMinutes = first.DurationMinutes, Audience = first.Audience, DefaultCapacity = first.Capacity, Description = first.Description });
                return await db.SaveChangesAsync();
            });
        }
    }
}
