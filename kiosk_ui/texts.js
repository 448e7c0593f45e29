// Halo Warga kiosk: the words the kiosk itself shows or says (the assistant's words come
// from Rasa). Loaded first; every other kiosk script reads window.Halo.T.
(function () {
  "use strict";
  const T = {
    welcome: "Selamat datang di Halo Warga. Sentuh gambar layanan yang Anda perlukan: " +
      "Tanya informasi, Lapor masalah, Pesan fasilitas, atau Bicara dengan petugas. " +
      "Atau tekan tombol mikrofon lalu bicara.",
    you: "Anda:",
    bot: "Asisten:",
    agent: "Petugas:",
    system: "Info:",
    wait: "Mohon tunggu sebentar…",
    offline: "Maaf, koneksi terputus. Silakan coba lagi.",
    micStart: "Tekan lalu bicara",
    micStop: "Selesai bicara",
    listening: "Silakan bicara sekarang. Saya berhenti mendengar saat Anda diam.",
    transcribing: "Sebentar, saya dengarkan rekaman Anda…",
    heard: (t) => "Saya mendengar: " + t + ". Jika benar, tekan Ya.",
    heardIntro: "Saya mendengar:",
    notHeard: "Maaf, suara Anda belum terdengar. Silakan tekan tombol mikrofon dan coba lagi.",
    noMic: "Maaf, mikrofon tidak bisa dipakai. Silakan sentuh tombol atau ketik pesan Anda.",
    noVoice: "Maaf, layanan suara sedang tidak tersedia. Silakan sentuh tombol atau ketik pesan Anda.",
    idle: "Apakah Anda masih di sini? Sentuh tombol Saya masih di sini jika Anda masih ingin melanjutkan.",
    louder: ["Suara pelan.", "Suara lebih keras.", "Suara paling keras."],
    receipt: {
      complaint: {
        title: "Nomor laporan Anda",
        note: "Simpan nomor ini untuk mengecek status laporan Anda. Tekan Cetak untuk mencetaknya.",
        qr: "Pindai kode ini dengan kamera HP untuk melihat status laporan.",
        qrLabel: "Kode QR tautan status laporan",
      },
      booking: {
        title: "Kode pemesanan Anda",
        note: "Tunjukkan kode ini kepada petugas fasilitas. Tekan Cetak untuk mencetaknya.",
        qr: "Pindai kode ini dengan kamera HP untuk menyimpan jadwal ke kalender.",
        qrLabel: "Kode QR tautan kalender pemesanan",
      },
    },
    spellIntro: "Sekali lagi, nomornya:",
    progress: (step, of) => "Langkah " + step + " dari " + of,
    // answers the assistant asks for
    dateTitle: "Pilih tanggal",
    dateHint: "Tanggal bertanda titik masih ada jam kosong.",
    freeDay: "ada jam kosong",
    earlier: "Sebelumnya",
    later: "Berikutnya",
    timeTitle: "Pilih jam mulai",
    timeHint: "Sentuh jam yang Anda mau.",
    numberTitle: "Ketik angkanya",
    phoneTitle: "Ketik nomor HP",
    range: (min, max) => (min != null && max != null ? "Dari " + min + " sampai " + max + "."
      : max != null ? "Paling banyak " + max + "." : ""),
    digits: (n) => "Tepat " + n + " angka.",
    padValue: "Angka yang Anda ketik",
    padEmpty: "belum ada angka",
    erase: "Hapus",
    eraseLabel: "Hapus satu angka",
    sendNumber: "Kirim",
    weekdays: ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"],
    weekdaysShort: ["Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"],
    months: ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
      "September", "Oktober", "November", "Desember"],
  };
  window.Halo = { T: T };
})();
