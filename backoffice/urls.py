from django.urls import path

from backoffice import complaints, lockouts, planning, second_factor, skm, views

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
    path("skrd/<int:pk>/bayar/", views.payment_confirm, name="payment_confirm"),
    path("perencanaan/", planning.planning_home, name="planning"),
    path("perencanaan/pp18/", planning.preset_create, name="preset_create"),
    path("perencanaan/impor/<int:pk>/", planning.import_job, name="import_job"),
    path("perencanaan/anggaran/<int:pk>/", planning.budget_analysis, name="budget_analysis"),
    path(
        "perencanaan/anggaran/<int:pk>/fiscal-data-package.zip",
        planning.budget_fiscal_data_package,
        name="budget_fdp",
    ),
    path(
        "perencanaan/anggaran/<int:pk>/skenario/",
        planning.scenario_create,
        name="scenario_create",
    ),
    path(
        "perencanaan/anggaran/<int:pk>/skenario/<int:scenario>/",
        planning.scenario,
        name="scenario",
    ),
    path("perencanaan/anggaran/<int:pk>/banding/", planning.compare, name="compare"),
    path(
        "perencanaan/anggaran/<int:pk>/rumpun/<int:rumpun_pk>/",
        planning.rumpun_profile_view,
        name="rumpun_profile",
    ),
    path(
        "perencanaan/anggaran/<int:pk>/usulan/",
        planning.suggestion_create,
        name="suggestion_create",
    ),
]
