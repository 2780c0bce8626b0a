from django.urls import path

from portal import applicant, complaints, documents, permits, survey, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("layanan/", views.service_list, name="service_list"),
    path("layanan/<slug:code>/", views.service_detail, name="service_detail"),
    path("layanan/<slug:code>/ajukan/", applicant.application_new, name="application_new"),
    path("lacak/", views.track, name="track"),
    path("daftar/", applicant.signup, name="signup"),
    path("daftar/aktifkan/<str:uidb64>/<str:token>/", applicant.activate, name="activate"),
    path("akun/profil/", applicant.profile, name="profile"),
    path("akun/dokumen/", applicant.locker, name="locker"),
    path("permohonan/", applicant.my_applications, name="applications"),
    path("permohonan/<int:pk>/", applicant.application_detail, name="application_detail"),
    path("permohonan/<int:pk>/isi/", applicant.application_edit, name="application_edit"),
    path("permohonan/<int:pk>/tinjau/", applicant.application_review, name="application_review"),
    path("permohonan/<int:pk>/ajukan/", applicant.application_submit, name="application_submit"),
    path(
        "permohonan/<int:pk>/tanda-terima/",
        applicant.application_receipt,
        name="application_receipt",
    ),
    path("permohonan/<int:pk>/tarik/", applicant.application_withdraw, name="application_withdraw"),
    path("dokumen/<int:pk>/", documents.document_view, name="document"),
    path("izin/", permits.my_permits, name="permits"),
    path("izin/<int:pk>/unduh/", permits.permit_download, name="permit_download"),
    path("izin/<int:pk>/lanjutan/", permits.permit_follow_up, name="permit_follow_up"),
    path("verifikasi/<str:code>/", permits.verify, name="verify"),
    path("survei/<str:token>/", survey.survey, name="survey"),
    path("pengaduan/", complaints.complaint_list, name="complaint_list"),
    path("pengaduan/baru/", complaints.complaint_new, name="complaint_new"),
    path("pengaduan/terkirim/", complaints.complaint_filed, name="complaint_filed"),
    path("pengaduan/saya/", complaints.my_complaints, name="my_complaints"),
    path("pengaduan/lacak/", complaints.complaint_track, name="complaint_track"),
    path("pengaduan/<str:number>/", complaints.complaint_public, name="complaint_public"),
]
