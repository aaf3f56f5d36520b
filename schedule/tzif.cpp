#include "schedule/tzif.hpp"

namespace broadside::schedule {

namespace {

constexpr size_t header_size = 44;

class byte_reader {
 public:
  explicit byte_reader(std::string_view bytes) : bytes_(bytes) {}

  bool has(size_t count) const { return bytes_.size() - position_ >= count; }
  size_t position() const { return position_; }
  void skip(size_t count) { position_ += count; }
  uint8_t byte_at(size_t offset) const { return static_cast<uint8_t>(bytes_[position_ + offset]); }

  int64_t big_endian(size_t width) {
    uint64_t value = 0;
    for (size_t i = 0; i < width; ++i) value = value << 8 | byte_at(i);
    position_ += width;
    if (width == 4) return static_cast<int32_t>(static_cast<uint32_t>(value));
    return static_cast<int64_t>(value);
  }

  std::string_view rest() const { return bytes_.substr(position_); }

 private:
  std::string_view bytes_;
  size_t position_ = 0;
};

struct tzif_header {
  char version = 0;
  size_t utc_indicator_count = 0;
  size_t standard_indicator_count = 0;
  size_t leap_count = 0;
  size_t transition_count = 0;
  size_t type_count = 0;
  size_t abbreviation_bytes = 0;

  size_t data_size(size_t time_size) const {
    return transition_count * time_size + transition_count + type_count * 6 + abbreviation_bytes +
           leap_count * (time_size + 4) + standard_indicator_count + utc_indicator_count;
  }
};

std::optional<tzif_header> read_header(byte_reader& reader) {
  if (!reader.has(header_size)) return std::nullopt;
  if (reader.byte_at(0) != 'T' || reader.byte_at(1) != 'Z' || reader.byte_at(2) != 'i' || reader.byte_at(3) != 'f') {
    return std::nullopt;
  }
  tzif_header header;
  header.version = static_cast<char>(reader.byte_at(4));
  if (header.version != 0 && (header.version < '2' || header.version > '9')) return std::nullopt;
  reader.skip(20);
  header.utc_indicator_count = static_cast<uint32_t>(reader.big_endian(4));
  header.standard_indicator_count = static_cast<uint32_t>(reader.big_endian(4));
  header.leap_count = static_cast<uint32_t>(reader.big_endian(4));
  header.transition_count = static_cast<uint32_t>(reader.big_endian(4));
  header.type_count = static_cast<uint32_t>(reader.big_endian(4));
  header.abbreviation_bytes = static_cast<uint32_t>(reader.big_endian(4));
  // RFC 8536 limits: at least one type, at most 256 (indices are one byte).
  if (header.type_count == 0 || header.type_count > 256 || header.abbreviation_bytes == 0) return std::nullopt;
  if (header.transition_count > 1'000'000 || header.leap_count > 1'000'000) return std::nullopt;
  return header;
}

std::optional<tzif_data> read_data(byte_reader& reader, const tzif_header& header, size_t time_size) {
  if (!reader.has(header.data_size(time_size))) return std::nullopt;
  std::vector<int64_t> times(header.transition_count);
  for (auto& time : times) time = reader.big_endian(time_size);
  std::vector<uint8_t> type_indices(header.transition_count);
  for (auto& index : type_indices) {
    index = reader.byte_at(0);
    reader.skip(1);
    if (index >= header.type_count) return std::nullopt;
  }
  tzif_data data;
  std::vector<int32_t> type_offsets;
  for (size_t type = 0; type < header.type_count; ++type) {
    const int64_t value = reader.big_endian(4);
    // RFC 8536: -2^31 is not allowed; real offsets stay within a day or so.
    if (value <= -100'000 || value >= 100'000) return std::nullopt;
    type_offsets.push_back(static_cast<int32_t>(value));
    if (type == 0) data.initial_offset = static_cast<int32_t>(value);
    reader.skip(2);  // isdst, abbreviation index: the offset is all a schedule needs
  }
  reader.skip(header.abbreviation_bytes + header.leap_count * (time_size + 4) + header.standard_indicator_count +
              header.utc_indicator_count);

  int32_t current = data.initial_offset;
  for (size_t i = 0; i < times.size(); ++i) {
    if (i > 0 && times[i] <= times[i - 1]) return std::nullopt;
    const int32_t next = type_offsets[type_indices[i]];
    if (next != current) data.changes.push_back({times[i], current, next});
    current = next;
  }
  return data;
}

}  // namespace

std::optional<tzif_data> parse_tzif(std::string_view bytes) {
  byte_reader reader(bytes);
  const auto first = read_header(reader);
  if (!first) return std::nullopt;
  if (first->version == 0) return read_data(reader, *first, 4);

  // Version 2+: skip the 32-bit block, read the 64-bit one and the footer.
  if (!reader.has(first->data_size(4))) return std::nullopt;
  reader.skip(first->data_size(4));
  const auto second = read_header(reader);
  if (!second) return std::nullopt;
  auto data = read_data(reader, *second, 8);
  if (!data) return std::nullopt;
  const std::string_view rest = reader.rest();
  if (rest.size() < 2 || rest.front() != '\n') return std::nullopt;
  const size_t end = rest.find('\n', 1);
  if (end == std::string_view::npos) return std::nullopt;
  data->footer = std::string(rest.substr(1, end - 1));
  return data;
}

}  // namespace broadside::schedule
