#include "sim/scenario/topics.hpp"

namespace mailsim::scenario {

namespace {
// In the order a course meets them: the journey, then how servers find and keep mail, then reading
// it, then who may send, privacy, and whether a sender is genuine.
constexpr Topic kTopics[] = {
    {"journey", "The journey of a message, in five steps", "メールが届くまでの5つのステップ"},
    {"smtp-dialog", "The SMTP dialog: EHLO, MAIL FROM, RCPT TO, DATA, QUIT", "SMTPの対話(EHLO・MAIL FROM・RCPT TO・DATA・QUIT)"},
    {"mx-lookup", "Finding the destination: MX, then A", "宛先サーバーを探す(MXレコード、そしてAレコード)"},
    {"relay", "Relaying: the sender's server passes the mail on", "中継(リレー):送信サーバーがメールを受け渡す"},
    {"queue-retry", "The queue: keeping mail and retrying", "キュー:メールを預かって再送する"},
    {"bounce", "Bounces: when mail cannot be delivered", "エラーメール(バウンス):届けられないとき"},
    {"load-distribution", "Load distribution across several servers", "複数のサーバーによる負荷分散"},
    {"isp-vs-own-server", "The provider's server and your own domain's server", "プロバイダーのサーバーと独自ドメインのサーバー"},
    {"ports", "Port numbers: 25, 587, 465, 110/995, 143/993", "ポート番号(25・587・465・110/995・143/993)"},
    {"always-on", "Mail servers are always on", "メールサーバーは常に動いている"},
    {"pop3-imap", "Reading mail: POP3 and IMAP", "メールを読む:POP3とIMAP"},
    {"mta-software", "Mail server software: Postfix, sendmail, Exim, qmail", "メールサーバーソフト(Postfix・sendmail・Exim・qmail)"},
    {"received-headers", "Reading Received: headers backwards", "Received: ヘッダーを逆にたどる"},
    {"smtp-auth", "SMTP AUTH on the submission port 587", "サブミッションポート587のSMTP認証"},
    {"auth-server", "The authentication server", "認証サーバー"},
    {"open-relay", "Open relays and spam", "オープンリレー(第三者中継)と迷惑メール"},
    {"spam-defence", "Defences against spam: greylisting, blocklists", "迷惑メール対策(グレーリスティング・ブロックリスト)"},
    {"op25b", "OP25B: port 25 blocked from home connections", "OP25B:家庭の回線からの25番ポートの遮断"},
    {"pop-before-smtp", "POP before SMTP", "POP before SMTP"},
    {"eavesdropping", "Eavesdropping on plain text", "平文の盗聴"},
    {"tls", "Encryption: STARTTLS and SMTPS", "暗号化(STARTTLS・SMTPS)"},
    {"spoofing", "Spoofed senders", "送信者のなりすまし"},
    {"spf", "SPF: which servers may send a domain's mail", "SPF:ドメインのメールを送ってよいサーバー"},
    {"dkim", "DKIM: a signature over the message", "DKIM:メールへの電子署名"},
    {"dmarc", "DMARC: the domain owner's policy", "DMARC:ドメイン所有者のポリシー"},
};
}  // namespace

std::span<const Topic> topics() { return kTopics; }

const Topic* find_topic(std::string_view id) {
  for (const Topic& t : kTopics)
    if (t.id == id) return &t;
  return nullptr;
}

}  // namespace mailsim::scenario
