from django.urls import path

from backoffice import complaints, lockouts, second_factor, skm, views
from backoffice.planning import analysis, comparison, home, profile, scenario

app_name = "backoffice"
urlpatterns = [
    path("", views.home, name="home"),
    path("skm/", skm.report, name="skm_report"),
    path("akses/kunci/", lockouts.lockouts, name="lockouts"),
    path("dua-langkah/", second_factor.status, name="second_factor"),
    path("dua-langkah/pasang/", second_factor.setup, name="second_factor_setup"),
    path("dua-langkah/verifikasi/", second_factor.verify, name="second_factor_verify"),
    path("dua-langkah/kode-cadangan/", second_factor.codes, name="second_factor_codes"),
    path("dua-langkah/atur-ulang/", second_factor.reset, name="second_factor_reset"),
    path("dua-langkah/petugas/", second_factor.staff, name="second_factor_staff"),
    path(
        "dua-langkah/petugas/<int:pk>/atur-ulang/",
        second_factor.staff_reset,
        name="second_factor_staff_reset",
    ),
    path("pengaduan/", complaints.inbox, name="complaints"),
    path("pengaduan/<int:pk>/", complaints.detail, name="complaint"),
    path(
        "pengaduan/<int:pk>/lampiran/<int:attachment_pk>/",
        complaints.attachment,
        name="complaint_attachment",
    ),
    path("skm/kios/", skm.kiosk, name="skm_kiosk"),
    path("berkas/<int:pk>/", views.case, name="case"),
    path(
        "berkas/<int:pk>/tugas/<int:task_pk>/<slug:action>/", views.task_action, name="task_action"
    ),
    path(
        "berkas/<int:pk>/dokumen/<int:document_pk>/verifikasi/",
        views.document_verify,
        name="document_verify",
    ),
    path("izin/<int:pk>/cabut/", views.permit_revoke, name="permit_revoke"),
    path("skrd/", views.bills, name="bills"),
    path("skrd/<int:pk>/bayar/", views.payment_confirm, name="payment_confirm"),
    path("skrd/<int:pk>/batal/", views.bill_cancel, name="bill_cancel"),
    path("perencanaan/", home.planning_home, name="planning"),
    path("perencanaan/anggaran/impor/", home.budget_upload, name="budget_upload"),
    path("perencanaan/perangkat-daerah/petakan/", home.agencies_map_save, name="agencies_map_save"),
    path("perencanaan/perangkat-daerah/impor/", home.agencies_upload, name="agencies_upload"),
    path("perencanaan/nomenklatur/impor/", home.nomenclature_upload, name="nomenclature_upload"),
    path("perencanaan/tag/impor/", home.tags_upload, name="tags_upload"),
    path("perencanaan/aturan/", home.rule_add, name="rule_add"),
    path("perencanaan/aturan/hapus/", home.rule_remove, name="rule_remove"),
    path("perencanaan/pp18/", home.preset_create, name="preset_create"),
    path("perencanaan/impor/<int:pk>/", home.import_job, name="import_job"),
    path("perencanaan/anggaran/<int:pk>/", analysis.budget_analysis, name="budget_analysis"),
    path(
        "perencanaan/anggaran/<int:pk>/fiscal-data-package.zip",
        analysis.budget_fiscal_data_package,
        name="budget_fdp",
    ),
    path(
        "perencanaan/anggaran/<int:pk>/skenario/",
        analysis.scenario_create,
        name="scenario_create",
    ),
    path(
        "perencanaan/anggaran/<int:pk>/usulan/",
        analysis.suggestion_create,
        name="suggestion_create",
    ),
    path(
        "perencanaan/anggaran/<int:pk>/skenario/<int:scenario>/",
        scenario.scenario,
        name="scenario",
    ),
    path(
        "perencanaan/anggaran/<int:pk>/skenario/<int:scenario>/pindah/",
        scenario.scenario_move,
        name="scenario_move",
    ),
    path(
        "perencanaan/anggaran/<int:pk>/skenario/<int:scenario>/rumpun/",
        scenario.scenario_rumpun_add,
        name="scenario_rumpun_add",
    ),
    path(
        "perencanaan/anggaran/<int:pk>/skenario/<int:scenario>/penyesuaian/",
        scenario.adjustment_add,
        name="adjustment_add",
    ),
    path(
        "perencanaan/anggaran/<int:pk>/skenario/<int:scenario>/penyesuaian/hapus/",
        scenario.adjustment_remove,
        name="adjustment_remove",
    ),
    path(
        "perencanaan/anggaran/<int:pk>/skenario/<int:scenario>/hapus/",
        scenario.scenario_delete,
        name="scenario_delete",
    ),
    path("perencanaan/anggaran/<int:pk>/banding/", comparison.compare, name="compare"),
    path(
        "perencanaan/anggaran/<int:pk>/rumpun/<int:rumpun_pk>/",
        profile.rumpun_profile_view,
        name="rumpun_profile",
    ),
]
