import type { UserFromGetMe } from "grammy/types";

/** The bot's identity as getMe would answer it, for runs that never ask Telegram (sandbox, tests, benchmarks). */
export function offlineBotInfo(id: number, firstName: string, username: string): UserFromGetMe {
  return {
    id,
    is_bot: true,
    first_name: firstName,
    username,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  };
}
